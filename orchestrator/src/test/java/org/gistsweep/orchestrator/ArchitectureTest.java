package org.gistsweep.orchestrator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Layering: pure cores import only java.* and common; common imports no Vert.x, Kafka or DJL. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.gistsweep.orchestrator", "org.gistsweep.common");
  }

  @Test
  void samplerAndStudyArePure() {
    classes()
        .that()
        .resideInAnyPackage(
            "org.gistsweep.orchestrator.sampler..", "org.gistsweep.orchestrator.study..")
        .and()
        .resideOutsideOfPackage("org.gistsweep.orchestrator.sampler.tpe..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "org.gistsweep.common..",
            "org.gistsweep.orchestrator.sampler..",
            "org.gistsweep.orchestrator.study..",
            "org.gistsweep.orchestrator.pruner..")
        .check(classes);
  }

  @Test
  void prunerImportsOnlyJavaAndCommon() {
    classes()
        .that()
        .resideInAPackage("org.gistsweep.orchestrator.pruner..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..", "org.gistsweep.common..", "org.gistsweep.orchestrator.pruner..")
        .check(classes);
  }

  @Test
  void tpeImportsOnlyJavaCommonSamplerAndSmile() {
    classes()
        .that()
        .resideInAPackage("org.gistsweep.orchestrator.sampler.tpe..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..", "org.gistsweep.common..", "org.gistsweep.orchestrator.sampler..", "smile..")
        .check(classes);
  }

  @Test
  void ablationTablesArePure() {
    classes()
        .that()
        .resideInAPackage("org.gistsweep.orchestrator.ablation..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "org.gistsweep.common..",
            "org.gistsweep.orchestrator.ablation..",
            "org.gistsweep.orchestrator.study..",
            "smile..",
            "com.fasterxml.jackson..")
        .check(classes);
  }

  @Test
  void journalIsPureData() {
    classes()
        .that()
        .resideInAPackage("org.gistsweep.orchestrator.journal..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "org.gistsweep.common..",
            "org.gistsweep.orchestrator.journal..",
            "com.fasterxml.jackson..")
        .check(classes);
  }

  @Test
  void samplerDoesNotKnowTheStudy() {
    noClasses()
        .that()
        .resideInAPackage("org.gistsweep.orchestrator.sampler..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.gistsweep.orchestrator.study..")
        .check(classes);
  }

  @Test
  void commonImportsNoVertxKafkaOrDjl() {
    noClasses()
        .that()
        .resideInAPackage("org.gistsweep.common..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.vertx..", "org.apache.kafka..", "ai.djl..")
        .check(classes);
  }

  @Test
  void onlyTheMetricsAdapterAndTheAssemblyKnowMicrometer() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.gistsweep.orchestrator.metrics..")
        .and()
        .doNotHaveFullyQualifiedName("org.gistsweep.orchestrator.Orchestrator")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.micrometer..", "io.vertx.micrometer..")
        .check(classes);
  }

  @Test
  void kafkaAdaptersDoNotKnowVertxAndHttpDoesNotKnowKafka() {
    noClasses()
        .that()
        .resideInAPackage("org.gistsweep.orchestrator.kafka..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.vertx..",
            "org.gistsweep.orchestrator.http..",
            "org.gistsweep.orchestrator.service..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("org.gistsweep.orchestrator.http..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.kafka..")
        .check(classes);
  }
}
