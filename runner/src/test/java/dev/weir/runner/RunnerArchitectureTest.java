package dev.weir.runner;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The runner lives beside the engine, not inside it: nothing of the engine, its state, stores or
 * Beam adapter knows a runner type; inside the runner, the entry point drives the graph and picks
 * the state backend, the graph the stages, and stages and backends are built on the core alone.
 */
class RunnerArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.weir");

  @Test
  void theEngineKnowsNothingOfTheRunner() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.weir.engine..",
            "dev.weir.state..",
            "dev.weir.store..",
            "dev.weir.beam..",
            "dev.weir.pipeline..",
            "dev.weir.timer..",
            "dev.weir.sink..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.weir.runner..")
        .check(CLASSES);
  }

  @Test
  void noRunnerPackageDependsOnItselfThroughAnother() {
    slices().matching("dev.weir.runner.(**)").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void eachRunnerLayerIsUsedOnlyByTheLayersAboveIt() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("Runner")
        .definedBy("dev.weir.runner")
        .layer("Deploy")
        .definedBy("dev.weir.runner.deploy..")
        .layer("Graph")
        .definedBy("dev.weir.runner.graph..")
        .layer("Backend")
        .definedBy("dev.weir.runner.backend..")
        .layer("Stages")
        .definedBy("dev.weir.runner.stages..")
        .layer("Core")
        .definedBy("dev.weir.runner.core..")
        .whereLayer("Runner")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Deploy")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Graph")
        .mayOnlyBeAccessedByLayers("Runner")
        .whereLayer("Backend")
        .mayOnlyBeAccessedByLayers("Runner")
        .whereLayer("Stages")
        .mayOnlyBeAccessedByLayers("Graph")
        .whereLayer("Core")
        .mayOnlyBeAccessedByLayers("Runner", "Graph", "Backend", "Stages")
        .check(CLASSES);
  }
}
