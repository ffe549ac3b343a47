package dev.weir.local.faults;

import dev.weir.local.stack.InvocationFaults;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;

/**
 * Faults injected into the functions' AWS calls, at random from a seed: DynamoDB throttling (the
 * request is refused before it is sent, as after the SDK's retries), a crash right after a DynamoDB
 * request took effect (the caller sees an error although the write happened), a conditional write
 * or transaction losing a race it did not really lose (refused as DynamoDB refuses a lost race:
 * {@code ConditionalCheckFailed}, {@code TransactionConflict}), the output stream refusing records,
 * and a processor invocation timing out mid-batch (from a random call on, nothing it does reaches
 * AWS, and its container is replaced), and a lane stalled: one of a processor invocation's calls
 * hangs for seconds (a dependency that is slow for a while), so its lane falls behind the other
 * lanes of its shard while its batch is in flight, and a write answered ambiguously ({@link
 * AmbiguousAnswers}: it took effect, the answer was lost, the SDK sends it again). Registered on
 * the functions' clients only, never on the harness's.
 */
public final class FaultPlan implements ExecutionInterceptor, InvocationFaults {
  /**
   * How often each fault happens, per eligible call ({@code invocationTimeout}: per processor
   * invocation).
   */
  public record Rates(
      double dynamoThrottle,
      double dynamoCrashAfter,
      double outputRefused,
      double conflict,
      double invocationTimeout,
      double laneStall,
      double ambiguousAnswer) {}

  public static final String DYNAMO_THROTTLE = "dynamodb-throttled";
  public static final String DYNAMO_CRASH_AFTER = "crash-after-dynamodb-call";
  public static final String OUTPUT_REFUSED = "output-stream-refused";
  public static final String CONFLICT = "conditional-write-or-transaction-conflict";
  public static final String INVOCATION_TIMEOUT = "invocation-timed-out-mid-batch";
  public static final String LANE_STALLED = "lane-stalled";
  public static final String AMBIGUOUS_ANSWER = "ambiguous-dynamodb-answer";

  /** The longest a stalled lane hangs in one call. */
  static final long MAX_STALL_MILLIS = 4_000;

  /** Calls a timed-out invocation still gets through, at most, before its time is up. */
  static final int MAX_CALLS_BEFORE_TIMEOUT = 20;

  /** Thrown into every AWS call of an invocation whose time is up. */
  static final class InvocationTimedOut extends RuntimeException {
    InvocationTimedOut() {
      super("injected: the invocation timed out");
    }
  }

  /** Per invocation thread: AWS calls left before it times out; absent if it will not. */
  private final ThreadLocal<int[]> callsLeft = new ThreadLocal<>();

  /** Per invocation thread: calls left before one stalls; absent if none will. */
  private final ThreadLocal<int[]> callsBeforeStall = new ThreadLocal<>();

  private final Rates rates;
  private final Predicate<String> isOutputStream;
  private final Random random;
  private final Map<String, LongAdder> injected = new ConcurrentHashMap<>();
  private volatile boolean enabled = true;

  /**
   * Writes whose answer is lost after they took effect: every kind of DynamoDB write (a key's
   * inline put, its redo-log header, a transaction, a shard item, the global watermark).
   */
  private final AmbiguousAnswers ambiguous;

  /** Faults at {@code rates}; {@code isOutputStream} tells the output stream by its name. */
  public FaultPlan(Rates rates, Predicate<String> isOutputStream, long seed) {
    this.rates = rates;
    this.isOutputStream = isOutputStream;
    this.random = new Random(seed);
    this.ambiguous =
        AmbiguousAnswers.when(
            (operation, request) ->
                AmbiguousAnswers.WRITES.contains(operation) && chance(rates.ambiguousAnswer()));
  }

  /** Stops injecting (the round is over; what is left must drain cleanly). */
  public void disable() {
    enabled = false;
    ambiguous.disable();
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    ambiguous.beforeTransmission(context, attributes);
  }

  @Override
  public SdkHttpResponse modifyHttpResponse(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    return ambiguous.modifyHttpResponse(context, attributes);
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    return ambiguous.modifyHttpResponseContent(context, attributes);
  }

  @Override
  public void invocationStarted() {
    if (chance(rates.laneStall())) {
      synchronized (random) {
        callsBeforeStall.set(new int[] {1 + random.nextInt(6)});
      }
    } else {
      callsBeforeStall.remove();
    }
    if (chance(rates.invocationTimeout())) {
      synchronized (random) {
        callsLeft.set(new int[] {random.nextInt(MAX_CALLS_BEFORE_TIMEOUT)});
      }
    } else {
      callsLeft.remove();
    }
  }

  @Override
  public boolean invocationEnded() {
    int[] left = callsLeft.get();
    callsLeft.remove();
    return left != null && left[0] < 0;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    int[] left = callsLeft.get();
    if (left != null && --left[0] < 0) {
      if (left[0] == -1) {
        count(INVOCATION_TIMEOUT);
      }
      throw new InvocationTimedOut();
    }
    stallIfDue();
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    SdkRequest request = context.request();
    if (isConditionalWrite(request) && chance(rates.conflict())) {
      count(CONFLICT);
      throw lostRace(request);
    }
    if (service.equalsIgnoreCase("dynamodb") && chance(rates.dynamoThrottle())) {
      count(DYNAMO_THROTTLE);
      throw ProvisionedThroughputExceededException.builder()
          .message("injected: the table is throttled")
          .build();
    }
    if (request instanceof PutRecordsRequest put
        && isOutputStream.test(put.streamName())
        && chance(rates.outputRefused())) {
      count(OUTPUT_REFUSED);
      throw SdkClientException.create("injected: the output stream refused the records");
    }
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    if (service.equalsIgnoreCase("dynamodb") && chance(rates.dynamoCrashAfter())) {
      count(DYNAMO_CRASH_AFTER);
      throw SdkClientException.create("injected: the connection dropped after the request");
    }
  }

  /**
   * Hangs the invocation's call whose turn came, for up to {@link #MAX_STALL_MILLIS}: past the
   * first call (its lease is taken), the batch is in flight while the shard's other lanes go on.
   */
  private void stallIfDue() {
    int[] left = callsBeforeStall.get();
    if (left == null || --left[0] > 0) {
      return;
    }
    callsBeforeStall.remove();
    long millis;
    synchronized (random) {
      millis = 500 + random.nextLong(MAX_STALL_MILLIS - 500);
    }
    count(LANE_STALLED);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean isConditionalWrite(SdkRequest request) {
    return request instanceof TransactWriteItemsRequest
        || (request instanceof PutItemRequest put && put.conditionExpression() != null);
  }

  /** The error DynamoDB answers a write that lost a race with. */
  private static RuntimeException lostRace(SdkRequest request) {
    if (request instanceof TransactWriteItemsRequest transaction) {
      List<CancellationReason> reasons = new ArrayList<>();
      for (int i = 0; i < transaction.transactItems().size(); i++) {
        reasons.add(
            CancellationReason.builder().code(i == 0 ? "TransactionConflict" : "None").build());
      }
      return TransactionCanceledException.builder()
          .message("injected: transaction cancelled, a conflicting operation is in progress")
          .cancellationReasons(reasons)
          .build();
    }
    return ConditionalCheckFailedException.builder()
        .message("injected: the conditional request failed")
        .build();
  }

  private boolean chance(double rate) {
    if (!enabled || rate <= 0) {
      return false;
    }
    synchronized (random) {
      return random.nextDouble() < rate;
    }
  }

  /** Counts a fault injected elsewhere (a forged invocation, a second sweep). */
  public void count(String faultClass) {
    injected.computeIfAbsent(faultClass, c -> new LongAdder()).increment();
  }

  /** What was injected, by class. */
  public Map<String, Long> injected() {
    Map<String, Long> counts = new TreeMap<>();
    injected.forEach((faultClass, count) -> counts.put(faultClass, count.sum()));
    counts.put(AMBIGUOUS_ANSWER, (long) ambiguous.ambiguousAnswers());
    return counts;
  }
}
