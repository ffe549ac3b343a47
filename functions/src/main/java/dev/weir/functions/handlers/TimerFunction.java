package dev.weir.functions.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.weir.engine.FiringResult;
import dev.weir.functions.adapters.EmfMetrics;
import dev.weir.functions.wiring.WeirEnvironment;
import dev.weir.functions.wiring.Wiring;
import java.util.Map;
import org.crac.Resource;
import org.joda.time.Instant;

/**
 * Invoked by a one-time Scheduler schedule: fires the processing-time timers due now. The payload
 * names the pipeline and the minute bucket; anything else is rejected without effect. Even a forged
 * or duplicate invocation fires only timers that are due by the real clock, each at most once
 * (firing claims the timer), so it changes nothing that would not happen anyway.
 */
public final class TimerFunction
    implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  /** Buckets further ahead than this are not from our schedules. */
  static final long MAX_BUCKET_LEAD_MILLIS = 5 * 60_000;

  private final Wiring<?, ?, ?> wiring;
  private final EmfMetrics metrics;

  /** Strong reference to the registered priming: CRaC holds resources weakly. */
  @SuppressWarnings("unused")
  private final Resource priming;

  /**
   * What Lambda calls: wiring from the environment, and {@link Priming} registered to run before a
   * SnapStart snapshot (and now, if {@value WeirEnvironment#PRIME_ON_INIT} is {@code true}).
   */
  public TimerFunction() {
    this(Wiring.instance(), true);
  }

  /** A handler over the given wiring, unprimed (tests, the local stack, priming itself). */
  public TimerFunction(Wiring<?, ?, ?> wiring) {
    this(wiring, false);
  }

  private TimerFunction(Wiring<?, ?, ?> wiring, boolean prime) {
    this.priming = prime ? Priming.register(wiring, Priming.ClientReads.TIMER) : null;
    this.wiring = wiring;
    this.metrics = wiring.metrics("timer");
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> payload, Context context) {
    long now = wiring.clock().millis();
    String problem = validate(payload, now);
    if (problem != null) {
      // Not thrown: an asynchronous invocation that fails is retried, and this one never succeeds.
      // What is wrong, not the payload: whoever invoked may have put anything in it.
      System.err.println("rejected timer invocation: " + problem);
      return Map.of("rejected", problem);
    }
    FiringResult result = wiring.engine().fireProcessingTimers(new Instant(now));
    metrics.publish(
        now,
        wiring.engine().counters().snapshot(),
        Map.of(
            EmfMetrics.TIMER_FIRING_LATENESS,
            (double) wiring.engine().counters().takeMaxFiringLatenessMillis()));
    if (!result.failedKeys().isEmpty()) {
      throw new IllegalStateException(
          "timers of " + result.failedKeys().size() + " keys failed: " + result.failedKeys());
    }
    return Map.of("fired", result.fired(), "ticked", result.keysTicked());
  }

  private String validate(Map<String, Object> payload, long now) {
    if (payload == null) {
      return "no payload";
    }
    if (!wiring.pipeline().name().equals(payload.get("pipeline"))) {
      return "pipeline is not " + wiring.pipeline().name();
    }
    if (!(payload.get("bucket") instanceof Number bucket)) {
      return "bucket is not a number";
    }
    if (bucket.longValue() % 60_000 != 0 || bucket.longValue() > now + MAX_BUCKET_LEAD_MILLIS) {
      return "bucket " + bucket + " is not a minute we could have scheduled";
    }
    return null;
  }
}
