package dev.weir.local.latency;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.core.ClientType;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Makes each call of the clients it is installed on take as long as AWS would ({@link
 * AwsLatencyModel}): it times what the emulator took and waits only the difference, never less than
 * the emulator took (a call slower than its draw is not slowed further).
 *
 * <p>It times each attempt, from {@code beforeTransmission} to {@code afterTransmission}: the
 * request on the wire and the emulator's work, not the SDK's marshalling and signing, which a
 * Lambda function spends on its own CPU in AWS as well. Each attempt draws its own latency, as each
 * retry is another round trip to AWS; error answers (a failed condition, a throttle) are paced as
 * answers are.
 *
 * <p>A synchronous client's attempt waits on the calling thread, right after its answer, so a retry
 * starts when it would in AWS. An asynchronous client's answer arrives on an I/O event loop shared
 * by every connection, which must never sleep: its attempts' waits are added up and spent at the
 * end of the execution, on the SDK's completion thread, before the caller's future completes.
 *
 * <p>One instance serves any number of clients and threads: draws come from one atomic counter (the
 * n-th call draws the model's n-th latency), each execution keeps its timings in its own
 * attributes.
 */
public final class AwsLatencyInterceptor implements ExecutionInterceptor {
  private static final ExecutionAttribute<Long> ATTEMPT_START =
      new ExecutionAttribute<>("weir.awsLatency.attemptStart");
  private static final ExecutionAttribute<Long> OWED_NANOS =
      new ExecutionAttribute<>("weir.awsLatency.owedNanos");

  private final AwsLatencyModel model;
  private final AtomicLong draws = new AtomicLong();
  private final Map<String, LongAdder> attemptsByOperation = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> slowerByOperation = new ConcurrentHashMap<>();
  private final LongAdder paddedNanos = new LongAdder();
  private final InheritableThreadLocal<ModelledTime> modelledTimes = new InheritableThreadLocal<>();

  public AwsLatencyInterceptor(AwsLatencyModel model) {
    this.model = model;
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attrs) {
    attrs.putAttribute(ATTEMPT_START, System.nanoTime());
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attrs) {
    Long start = attrs.getAttribute(ATTEMPT_START);
    if (start == null) {
      return;
    }
    long took = System.nanoTime() - start;
    String service = attrs.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = attrs.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    count(attemptsByOperation, service + "." + operation);
    long latency = model.sampleNanos(service, operation, draws.getAndIncrement());
    ModelledTime modelled = modelledTimes.get();
    if (modelled != null
        && attrs.getAttribute(SdkExecutionAttribute.CLIENT_TYPE) == ClientType.SYNC) {
      modelled.record(latency); // an asynchronous call's answer arrives on another thread
    }
    long pad = Math.max(0, latency - took);
    if (pad == 0) {
      count(slowerByOperation, service + "." + operation);
      return;
    }
    paddedNanos.add(pad);
    if (attrs.getAttribute(SdkExecutionAttribute.CLIENT_TYPE) == ClientType.ASYNC) {
      Long owed = attrs.getAttribute(OWED_NANOS);
      attrs.putAttribute(OWED_NANOS, owed == null ? pad : owed + pad);
    } else {
      waitFor(pad);
    }
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attrs) {
    payOwed(attrs);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attrs) {
    payOwed(attrs);
  }

  /**
   * The current thread's tally of how long its synchronous calls (and those of the threads it
   * creates from now on) would have kept it waiting at AWS's pace; begun on the first ask.
   */
  public ModelledTime modelledTimeOfThisThread() {
    ModelledTime modelled = modelledTimes.get();
    if (modelled == null || !modelled.ownedBy(Thread.currentThread())) {
      modelled = new ModelledTime(Thread.currentThread()); // not one inherited from its creator
      modelledTimes.set(modelled);
    }
    return modelled;
  }

  /** Attempts so far, each one draw of the model. */
  public long attempts() {
    return draws.get();
  }

  /** Attempts so far by {@code Service.Operation}, in the model's names. */
  public Map<String, Long> attemptsByOperation() {
    return sums(attemptsByOperation);
  }

  /**
   * Attempts the emulator answered no faster than their draw, so were not slowed at all, by {@code
   * Service.Operation}: where the emulator, not AWS's latency, sets the pace.
   */
  public Map<String, Long> slowerThanModelByOperation() {
    return sums(slowerByOperation);
  }

  /** Time added to the emulators' answers so far, in nanoseconds. */
  public long paddedNanos() {
    return paddedNanos.sum();
  }

  /** Attempts the emulator answered no faster than their draw, so were not slowed at all. */
  public long attemptsSlowerThanModel() {
    return slowerByOperation.values().stream().mapToLong(LongAdder::sum).sum();
  }

  private static void count(Map<String, LongAdder> counts, String operation) {
    counts.computeIfAbsent(operation, k -> new LongAdder()).increment();
  }

  private static Map<String, Long> sums(Map<String, LongAdder> counts) {
    Map<String, Long> sums = new TreeMap<>();
    counts.forEach((operation, count) -> sums.put(operation, count.sum()));
    return sums;
  }

  private static void payOwed(ExecutionAttributes attrs) {
    Long owed = attrs.getAttribute(OWED_NANOS);
    if (owed != null) {
      attrs.putAttribute(OWED_NANOS, 0L);
      waitFor(owed);
    }
  }

  /** Sleeps {@code nanos}, however often woken early; an interrupt ends the wait and is kept. */
  private static void waitFor(long nanos) {
    long deadline = System.nanoTime() + nanos;
    for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(left);
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
    }
  }
}
