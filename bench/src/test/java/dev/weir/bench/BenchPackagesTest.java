package dev.weir.bench;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The bench's packages (contenders, report, workload) form no cycle. */
class BenchPackagesTest {
  @Test
  void noPackageDependsOnItselfThroughAnother() {
    slices()
        .matching("dev.weir.(**)")
        .should()
        .beFreeOfCycles()
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.weir.bench"));
  }
}
