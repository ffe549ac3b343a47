package dev.weir.functions;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The functions' layering: handlers on top, built by the wiring from the environment, calling AWS
 * through the adapters; the examples are what a user writes, so they see only the pipeline API.
 */
class FunctionsArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.weir.functions");

  @Test
  void noPackageDependsOnItselfThroughAnother() {
    slices().matching("dev.weir.(**)").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void handlersUseTheWiringWhichUsesTheAdapters() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("Handlers")
        .definedBy("dev.weir.functions.handlers..")
        .layer("Wiring")
        .definedBy("dev.weir.functions.wiring..")
        .layer("Adapters")
        .definedBy("dev.weir.functions.adapters..")
        .layer("Examples")
        .definedBy("dev.weir.functions.examples..")
        .whereLayer("Handlers")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Wiring")
        .mayOnlyBeAccessedByLayers("Handlers")
        .whereLayer("Adapters")
        .mayOnlyBeAccessedByLayers("Handlers", "Wiring")
        .whereLayer("Examples")
        .mayNotBeAccessedByAnyLayer()
        .check(CLASSES);
  }

  @Test
  void theExamplesSeeOnlyThePipelineApi() {
    noClasses()
        .that()
        .resideInAPackage("dev.weir.functions.examples..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.weir.engine..",
            "dev.weir.beam..",
            "dev.weir.state..",
            "dev.weir.store..",
            "dev.weir.functions.handlers..",
            "dev.weir.functions.wiring..",
            "dev.weir.functions.adapters..",
            "org.apache.beam.runners..",
            "software.amazon..",
            "com.amazonaws..")
        .check(CLASSES);
  }

  @Test
  void onlyTheWiringAndHandlersKnowTheDynamoDbStore() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.weir.functions.adapters..", "dev.weir.functions.examples..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.weir.store.dynamodb..")
        .check(CLASSES);
  }
}
