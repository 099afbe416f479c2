package org.gistsweep.artifacts;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The store imports only java.* and the AWS SDK; only the S3 classes import the SDK. */
class LayeringTest {
  private static final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.gistsweep.artifacts");

  @Test
  void importsOnlyJavaAndTheAwsSdk() {
    classes()
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "org.gistsweep.artifacts..", "software.amazon.awssdk..")
        .check(classes);
  }

  @Test
  void importsNoVertxKafkaDjlNorTheOtherModules() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.vertx..",
            "io.netty..",
            "org.apache.kafka..",
            "ai.djl..",
            "org.gistsweep.common..",
            "org.gistsweep.orchestrator..",
            "org.gistsweep.worker..",
            "org.gistsweep.cli..")
        .check(classes);
  }

  @Test
  void onlyTheS3ClassesImportTheSdk() {
    noClasses()
        .that()
        .haveSimpleNameNotStartingWith("S3")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("software.amazon.awssdk..")
        .check(classes);
  }
}
