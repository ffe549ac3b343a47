package dev.weir.functions.wiring;

import dev.weir.engine.Lanes;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The functions' configuration, from environment variables. The names are public constants: the SAM
 * template sets exactly these (a test checks it).
 */
public record WeirEnvironment(
    String pipelineClass,
    String stateTable,
    String outputStream,
    Optional<String> lateDataStream,
    String deadLetterQueueUrl,
    String inputStream,
    Optional<String> timerFunctionArn,
    Optional<String> schedulerGroup,
    Optional<String> schedulerRoleArn,
    int maxAttempts,
    int sweepIntervalSeconds,
    int inputRetentionHours,
    int parallelizationFactor,
    Optional<URI> endpoint) {

  public static final String PIPELINE_CLASS = "WEIR_PIPELINE_CLASS";
  public static final String STATE_TABLE = "WEIR_STATE_TABLE";
  public static final String OUTPUT_STREAM = "WEIR_OUTPUT_STREAM";
  public static final String LATE_DATA_STREAM = "WEIR_LATE_DATA_STREAM";
  public static final String DEAD_LETTER_QUEUE_URL = "WEIR_DEAD_LETTER_QUEUE_URL";
  public static final String INPUT_STREAM = "WEIR_INPUT_STREAM";
  public static final String TIMER_FUNCTION_ARN = "WEIR_TIMER_FUNCTION_ARN";
  public static final String SCHEDULER_GROUP = "WEIR_SCHEDULER_GROUP";
  public static final String SCHEDULER_ROLE_ARN = "WEIR_SCHEDULER_ROLE_ARN";
  public static final String MAX_ATTEMPTS = "WEIR_MAX_ATTEMPTS";
  public static final String SWEEP_INTERVAL_SECONDS = "WEIR_SWEEP_INTERVAL_SECONDS";

  /**
   * The input stream's retention: how long a record may be delivered again, so how long keys'
   * headers must remember it (see {@code ReplayHorizon}).
   */
  public static final String INPUT_RETENTION_HOURS = "WEIR_INPUT_RETENTION_HOURS";

  /**
   * How many lanes the event source runs per shard (the mapping's {@code ParallelizationFactor}):
   * above one, each sweep verifies which of a shard's records its lanes have handled.
   */
  public static final String PARALLELIZATION_FACTOR = "WEIR_PARALLELIZATION_FACTOR";

  /** Only for local runs: one endpoint for every AWS service (e.g. LocalStack). */
  public static final String ENDPOINT = "WEIR_AWS_ENDPOINT";

  /**
   * {@code true} to prime the processor when its container starts (without SnapStart, which primes
   * before its snapshot instead); read by the handler, not the wiring, and not set by the template.
   */
  public static final String PRIME_ON_INIT = "WEIR_PRIME_ON_INIT";

  /** Every variable the wiring reads. */
  public static final List<String> NAMES =
      List.of(
          PIPELINE_CLASS,
          STATE_TABLE,
          OUTPUT_STREAM,
          LATE_DATA_STREAM,
          DEAD_LETTER_QUEUE_URL,
          INPUT_STREAM,
          TIMER_FUNCTION_ARN,
          SCHEDULER_GROUP,
          SCHEDULER_ROLE_ARN,
          MAX_ATTEMPTS,
          SWEEP_INTERVAL_SECONDS,
          INPUT_RETENTION_HOURS,
          PARALLELIZATION_FACTOR,
          ENDPOINT);

  public static WeirEnvironment fromSystem() {
    return from(System.getenv());
  }

  /**
   * Reads the configuration; a missing or malformed variable fails with a message naming it, so a
   * misconfigured function fails at start, not at its first event.
   */
  public static WeirEnvironment from(Map<String, String> env) {
    return new WeirEnvironment(
        required(env, PIPELINE_CLASS),
        required(env, STATE_TABLE),
        required(env, OUTPUT_STREAM),
        optional(env, LATE_DATA_STREAM),
        required(env, DEAD_LETTER_QUEUE_URL),
        required(env, INPUT_STREAM),
        optional(env, TIMER_FUNCTION_ARN),
        optional(env, SCHEDULER_GROUP),
        optional(env, SCHEDULER_ROLE_ARN),
        positive(env, MAX_ATTEMPTS, 3),
        positive(env, SWEEP_INTERVAL_SECONDS, 60),
        positive(env, INPUT_RETENTION_HOURS, 24),
        parallelizationFactor(env),
        optional(env, ENDPOINT).map(URI::create));
  }

  private static int parallelizationFactor(Map<String, String> env) {
    int factor = positive(env, PARALLELIZATION_FACTOR, 1);
    if (factor > Lanes.MAX_PARALLELIZATION_FACTOR) {
      throw new IllegalStateException(
          "environment variable "
              + PARALLELIZATION_FACTOR
              + " must be from 1 to "
              + Lanes.MAX_PARALLELIZATION_FACTOR
              + " (Lambda's ParallelizationFactor), not "
              + factor);
    }
    return factor;
  }

  private static String required(Map<String, String> env, String name) {
    return optional(env, name)
        .orElseThrow(
            () -> new IllegalStateException("environment variable " + name + " is not set"));
  }

  private static Optional<String> optional(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static int positive(Map<String, String> env, String name, int defaultValue) {
    Optional<String> value = optional(env, name);
    if (value.isEmpty()) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value.get());
      if (parsed < 1) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "environment variable "
              + name
              + " must be a positive integer, not '"
              + value.get()
              + "'");
    }
  }
}
