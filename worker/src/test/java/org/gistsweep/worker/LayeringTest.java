package org.gistsweep.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class LayeringTest {
  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.gistsweep.worker");

  @Test
  void dataPackageIsPureJava() {
    noClasses()
        .that()
        .resideInAPackage("org.gistsweep.worker.data..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("ai.djl..", "org.gistsweep.worker.train..")
        .check(classes);
  }

  @Test
  void onlyTheMetricsPackageImportsMicrometer() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.gistsweep.worker.metrics..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.micrometer..")
        .check(classes);
  }

  @Test
  void onlyTheTrainingPackageImportsDjl() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.gistsweep.worker.train..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("ai.djl..")
        .check(classes);
  }

  @Test
  void onlyTheRuntimeTalksToTheArtifactStore() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.gistsweep.worker.runtime..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.gistsweep.artifacts..")
        .check(classes);
  }

  @Test
  void theWorkerKnowsNoLoggingBackendAndNoCommandLine() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.gistsweep.cli..", "org.slf4j.simple..")
        .check(classes);
  }
}
