package dev.weir.functions.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.weir.engine.SweepResult;
import dev.weir.functions.adapters.EmfMetrics;
import dev.weir.functions.wiring.WeirEnvironment;
import dev.weir.functions.wiring.Wiring;
import java.util.Map;
import org.crac.Resource;
import org.joda.time.Instant;

/**
 * Invoked every minute (SAM {@code ScheduleV2}): moves the global watermark (idle shards do not
 * hold it back), fires the event-time timers it passed and the processing-time timers due. With a
 * sweep interval below 60 s it sweeps again every interval until its time is nearly up.
 */
public final class WatermarkFunction
    implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  /** Stop sweeping this long before the invocation's deadline. */
  static final long SAFETY_MARGIN_MILLIS = 5_000;

  private final Wiring<?, ?, ?> wiring;
  private final EmfMetrics metrics;

  /** Strong reference to the registered priming: CRaC holds resources weakly. */
  @SuppressWarnings("unused")
  private final Resource priming;

  /**
   * What Lambda calls: wiring from the environment, and {@link Priming} registered to run before a
   * SnapStart snapshot (and now, if {@value WeirEnvironment#PRIME_ON_INIT} is {@code true}).
   */
  public WatermarkFunction() {
    this(Wiring.instance(), true);
  }

  /** A handler over the given wiring, unprimed (tests, the local stack, priming itself). */
  public WatermarkFunction(Wiring<?, ?, ?> wiring) {
    this(wiring, false);
  }

  private WatermarkFunction(Wiring<?, ?, ?> wiring, boolean prime) {
    this.priming = prime ? Priming.register(wiring, Priming.ClientReads.WATERMARK) : null;
    this.wiring = wiring;
    this.metrics = wiring.metrics("watermark");
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    long intervalMillis = wiring.sweepIntervalSeconds() * 1_000L;
    int sweeps = 0;
    int fired = 0;
    int ticked = 0;
    SweepResult last;
    while (true) {
      long now = wiring.clock().millis();
      last =
          wiring
              .engine()
              .sweep(new Instant(now), wiring.activity(), wiring.topology(), wiring.lanes());
      sweeps++;
      fired += last.eventTime().fired() + last.processingTime().fired();
      ticked += last.eventTime().keysTicked() + last.processingTime().keysTicked();
      metrics.publish(
          now,
          wiring.engine().counters().snapshot(),
          Map.of(
              EmfMetrics.WATERMARK_LAG,
              lagMillis(now, last.watermark()),
              EmfMetrics.TIMER_FIRING_LATENESS,
              (double) wiring.engine().counters().takeMaxFiringLatenessMillis()));
      boolean timeForAnother =
          intervalMillis < 60_000
              && context != null
              && context.getRemainingTimeInMillis() > intervalMillis + SAFETY_MARGIN_MILLIS;
      if (!timeForAnother) {
        break;
      }
      sleep(intervalMillis);
    }
    return Map.of(
        "sweeps",
        sweeps,
        "fired",
        fired,
        "keysTicked",
        ticked,
        "watermark",
        last.watermark().getMillis());
  }

  /** How far event time trails the clock; 0 before the first watermark exists. */
  private static double lagMillis(long now, Instant watermark) {
    if (!watermark.isAfter(
        org.apache.beam.sdk.transforms.windowing.BoundedWindow.TIMESTAMP_MIN_VALUE)) {
      return 0;
    }
    return Math.max(0, now - watermark.getMillis());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
