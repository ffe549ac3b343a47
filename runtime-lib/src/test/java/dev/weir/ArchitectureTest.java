package dev.weir;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The runtime's layering (the README's Layout), checked: what each package may use, read here
 * rather than from the imports (as Kafka Streams' {@code import-control.xml} does).
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.weir");

  @Test
  void noPackageDependsOnItselfThroughAnother() {
    slices().matching("dev.weir.(**)").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void eachLayerIsUsedOnlyByTheLayersAboveIt() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("Inspection")
        .definedBy("dev.weir.inspect..")
        .layer("Engine")
        .definedBy("dev.weir.engine..")
        .layer("Beam adapter")
        .definedBy("dev.weir.beam..")
        .layer("State")
        .definedBy("dev.weir.state..")
        .layer("Pipeline")
        .definedBy("dev.weir.pipeline..")
        .layer("Watermark")
        .definedBy("dev.weir.watermark..")
        .layer("Ports")
        .definedBy("dev.weir.store", "dev.weir.sink..", "dev.weir.timer..")
        .layer("Stores")
        .definedBy("dev.weir.store.memory..", "dev.weir.store.cache..", "dev.weir.store.dynamodb..")
        .whereLayer("Inspection")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Engine")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Beam adapter")
        .mayOnlyBeAccessedByLayers("Engine", "Inspection") // inspection reads user state
        .whereLayer("State")
        .mayOnlyBeAccessedByLayers("Engine", "Beam adapter", "Inspection")
        .whereLayer("Pipeline")
        .mayOnlyBeAccessedByLayers("Engine", "Beam adapter", "Inspection")
        .whereLayer("Watermark")
        .mayOnlyBeAccessedByLayers("Pipeline", "Engine")
        .whereLayer("Ports")
        .mayOnlyBeAccessedByLayers(
            "Inspection", "Engine", "Beam adapter", "State", "Watermark", "Stores")
        .whereLayer("Stores")
        .mayNotBeAccessedByAnyLayer()
        .check(CLASSES);
  }

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
        .resideInAnyPackage("dev.weir.engine..", "dev.weir.beam..", "dev.weir.inspect..")
        .check(CLASSES);
  }
}
