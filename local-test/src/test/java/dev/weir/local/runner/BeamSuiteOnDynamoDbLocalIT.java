package dev.weir.local.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.local.aws.EmbeddedDynamoDb;
import dev.weir.runner.WeirRunnerOptions.StateBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Collectors;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Beam's state and timer ValidatesRunner tests, unmodified, on WeirRunner with every stateful stage
 * and grouping keeping its state and timers in DynamoDB Local: the same classes the runner module
 * runs in memory ({@code weir.beam.tests} and {@code weir.beam.groups} in the parent POM), so the
 * suite proves the real store too. The tests are launched from here because they read their options
 * from a system property, and DynamoDB Local's port is known only once it runs.
 */
class BeamSuiteOnDynamoDbLocalIT {
  private static final String BEAM_PACKAGE = "org.apache.beam.sdk.transforms.";

  @Test
  void beamsStateAndTimerTestsPassWithTheirStateInDynamoDbLocal() throws Exception {
    EmbeddedDynamoDb dynamoDb = EmbeddedDynamoDb.get();
    String table = "beam-suite-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> args =
        List.of(
            "--runner=WeirRunner",
            "--weirStateBackend=" + StateBackend.DYNAMODB,
            "--weirDynamoDbEndpoint=" + dynamoDb.endpoint(),
            "--weirDynamoDbTable=" + table);
    Outcomes outcomes;
    String before = System.getProperty(TestPipeline.PROPERTY_BEAM_TEST_PIPELINE_OPTIONS);
    System.setProperty(
        TestPipeline.PROPERTY_BEAM_TEST_PIPELINE_OPTIONS,
        new ObjectMapper().writeValueAsString(args));
    try {
      outcomes = run(beamClasses());
    } finally {
      if (before == null) {
        System.clearProperty(TestPipeline.PROPERTY_BEAM_TEST_PIPELINE_OPTIONS);
      } else {
        System.setProperty(TestPipeline.PROPERTY_BEAM_TEST_PIPELINE_OPTIONS, before);
      }
    }

    System.out.println(outcomes.table());
    assertThat(outcomes.failures()).as("Beam tests failing on DynamoDB Local").isEmpty();
    assertThat(outcomes.perClass().keySet())
        .as("every selected class ran tests")
        .containsExactlyInAnyOrderElementsOf(
            beamClasses().stream().map(ClassSelector::getClassName).toList());
    // The stages kept their state there: items of many stages' pipelines are in the table.
    long pipelines =
        dynamoDb
            .client()
            .scanPaginator(ScanRequest.builder().tableName(table).build())
            .items()
            .stream()
            .map(item -> item.getOrDefault("pk", AttributeValue.fromS("")).s())
            .map(pk -> pk.split("#", 2)[0])
            .filter(pipeline -> pipeline.startsWith("runner-"))
            .distinct()
            .count();
    assertThat(pipelines).isGreaterThan(outcomes.total() / 2);
  }

  private static List<ClassSelector> beamClasses() {
    String names = System.getProperty("weir.beam.tests");
    assertThat(names).as("weir.beam.tests (set by the build, from the parent POM)").isNotBlank();
    assertThat(System.getProperty("weir.beam.groups")).as("weir.beam.groups").isNotBlank();
    return Arrays.stream(names.split(","))
        .map(String::trim)
        .map(name -> selectClass(name.contains(".") ? name : BEAM_PACKAGE + name))
        .toList();
  }

  private static Outcomes run(List<ClassSelector> classes) {
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(classes)
            .filters(TagFilter.includeTags(System.getProperty("weir.beam.groups")))
            .build();
    Outcomes outcomes = new Outcomes();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(request, outcomes);
    return outcomes;
  }

  /** Tests run and passed per Beam class, and each failure with its cause. */
  private static final class Outcomes implements TestExecutionListener {
    private final Map<String, AtomicIntegerArray> perClass = new ConcurrentHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Long> startedNanos = new ConcurrentHashMap<>();
    private final Map<String, Long> seconds = new ConcurrentHashMap<>();

    @Override
    public void executionStarted(TestIdentifier test) {
      if (test.getSource().orElse(null) instanceof ClassSource source) {
        startedNanos.put(source.getClassName(), System.nanoTime());
      }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
      if (test.getSource().orElse(null) instanceof ClassSource source) {
        seconds.put(
            source.getClassName(),
            (System.nanoTime() - startedNanos.get(source.getClassName())) / 1_000_000_000L);
      }
      if (!test.isTest() || !(test.getSource().orElse(null) instanceof MethodSource method)) {
        return;
      }
      AtomicIntegerArray counts =
          perClass.computeIfAbsent(method.getClassName(), c -> new AtomicIntegerArray(2));
      counts.incrementAndGet(0);
      if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
        counts.incrementAndGet(1);
      } else {
        synchronized (failures) {
          failures.add(
              method.getClassName()
                  + "#"
                  + method.getMethodName()
                  + ": "
                  + result.getThrowable().map(Throwable::toString).orElse("aborted"));
        }
      }
    }

    Map<String, AtomicIntegerArray> perClass() {
      return perClass;
    }

    List<String> failures() {
      return failures;
    }

    int total() {
      return perClass.values().stream().mapToInt(c -> c.get(0)).sum();
    }

    String table() {
      Map<String, AtomicIntegerArray> sorted = new TreeMap<>(perClass);
      return "Beam's tests on WeirRunner, state in DynamoDB Local (class: run / passed, seconds)\n"
          + sorted.entrySet().stream()
              .map(
                  e ->
                      "  "
                          + e.getKey().substring(BEAM_PACKAGE.length())
                          + ": "
                          + e.getValue().get(0)
                          + " / "
                          + e.getValue().get(1)
                          + ", "
                          + seconds.getOrDefault(e.getKey(), 0L)
                          + " s")
              .collect(Collectors.joining("\n"))
          + "\n  all: "
          + total()
          + " / "
          + (total() - failures.size());
    }
  }
}
