package dev.weir.local.faults;

import java.util.Map;
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
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;

/**
 * Faults injected into the functions' AWS calls, at random from a seed: DynamoDB throttling (the
 * request is refused before it is sent, as after the SDK's retries), a crash right after a DynamoDB
 * request took effect (the caller sees an error although the write happened), and the output stream
 * refusing records. Registered on the functions' clients only, never on the harness's.
 */
public final class FaultPlan implements ExecutionInterceptor {
  /** How often each fault happens, per eligible call. */
  public record Rates(double dynamoThrottle, double dynamoCrashAfter, double outputRefused) {
    public static final Rates NONE = new Rates(0, 0, 0);
  }

  public static final String DYNAMO_THROTTLE = "dynamodb-throttled";
  public static final String DYNAMO_CRASH_AFTER = "crash-after-dynamodb-call";
  public static final String OUTPUT_REFUSED = "output-stream-refused";

  private final Rates rates;
  private final Predicate<String> isOutputStream;
  private final Random random;
  private final Map<String, LongAdder> injected = new ConcurrentHashMap<>();
  private volatile boolean enabled = true;

  /** Faults at {@code rates}; {@code isOutputStream} tells the output stream by its name. */
  public FaultPlan(Rates rates, Predicate<String> isOutputStream, long seed) {
    this.rates = rates;
    this.isOutputStream = isOutputStream;
    this.random = new Random(seed);
  }

  /** Stops injecting (the round is over; what is left must drain cleanly). */
  public void disable() {
    enabled = false;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    SdkRequest request = context.request();
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
    return counts;
  }
}
