package dev.weir;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering of DESIGN.md §6, checked. */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.weir");

  @Test
  void onlyTheBeamAdapterTouchesBeamRunnerInternals() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.weir.beam..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.beam.runners..")
        .check(CLASSES);
  }

  @Test
  void storePortsKnowNothingOfBeamOrTheEngine() {
    noClasses()
        .that()
        .resideInAPackage("dev.weir.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.beam..", "dev.weir.engine..", "dev.weir.beam..", "dev.weir.state..")
        .check(CLASSES);
  }

  @Test
  void theEngineLibraryHasNoLambdaTypes() {
    noClasses().should().dependOnClassesThat().resideInAPackage("com.amazonaws..").check(CLASSES);
  }

  @Test
  void onlyTheDynamoDbStoreUsesTheAwsSdk() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.weir.store.dynamodb..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("software.amazon.awssdk..")
        .check(CLASSES);
  }

  @Test
  void stateDoesNotDependOnTheEngineOrTheAdapter() {
    noClasses()
        .that()
        .resideInAPackage("dev.weir.state..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.weir.engine..", "dev.weir.beam..", "dev.weir.testing..")
        .check(CLASSES);
  }
}
