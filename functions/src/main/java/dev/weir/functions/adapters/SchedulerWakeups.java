package dev.weir.functions.adapters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.timer.WakeupScheduler;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;

/**
 * Processing-time wake-ups through EventBridge Scheduler: one one-time schedule per minute bucket,
 * named after the bucket, that invokes the timer function once and deletes itself. Never one
 * schedule per timer: a bucket this container scheduled is not scheduled again, and a bucket
 * another container scheduled answers {@code ConflictException}, which is fine.
 *
 * <p>Scheduler fires with one-minute precision; a timer due in bucket {@code [t - 1 min, t)} fires
 * at {@code t} at the latest, or sooner if its shard is active or the sweeper ticks.
 */
public final class SchedulerWakeups implements WakeupScheduler {
  static final long BUCKET_MILLIS = 60_000;

  /** Buckets closer than this are left to the sweeper: Scheduler refuses times in the past. */
  static final long MIN_LEAD_MILLIS = 10_000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  /** What the timer function receives; a record, so the JSON is the same on every call. */
  record Payload(String pipeline, long bucket) {}

  private final SchedulerClient scheduler;
  private final String pipeline;
  private final String group;
  private final String timerFunctionArn;
  private final String roleArn;
  private final Clock clock;
  private final Set<Long> scheduled = ConcurrentHashMap.newKeySet();

  public SchedulerWakeups(
      SchedulerClient scheduler,
      String pipeline,
      String group,
      String timerFunctionArn,
      String roleArn,
      Clock clock) {
    this.scheduler = scheduler;
    this.pipeline = pipeline;
    this.group = group;
    this.timerFunctionArn = timerFunctionArn;
    this.roleArn = roleArn;
    this.clock = clock;
  }

  /** The bucket a timer due at {@code fireAtMillis} wakes in: the next minute boundary after it. */
  static long bucketOf(long fireAtMillis) {
    return Math.floorDiv(fireAtMillis, BUCKET_MILLIS) * BUCKET_MILLIS + BUCKET_MILLIS;
  }

  /** The deterministic schedule name of a bucket. */
  static String scheduleName(String pipeline, long bucket) {
    String prefix = pipeline.length() > 40 ? pipeline.substring(0, 40) : pipeline;
    return "weir-" + prefix + "-" + (bucket / BUCKET_MILLIS);
  }

  @Override
  public void ensureWakeup(long fireAtMillis) {
    long bucket = bucketOf(fireAtMillis);
    if (bucket - clock.millis() < MIN_LEAD_MILLIS || !scheduled.add(bucket)) {
      return;
    }
    try {
      scheduler.createSchedule(
          r ->
              r.name(scheduleName(pipeline, bucket))
                  .groupName(group)
                  .scheduleExpression("at(" + AT.format(Instant.ofEpochMilli(bucket)) + ")")
                  .scheduleExpressionTimezone("UTC")
                  .flexibleTimeWindow(f -> f.mode(FlexibleTimeWindowMode.OFF))
                  .actionAfterCompletion(ActionAfterCompletion.DELETE)
                  .target(t -> t.arn(timerFunctionArn).roleArn(roleArn).input(payload(bucket))));
    } catch (ConflictException alreadyScheduled) {
      // Another container scheduled this bucket first.
    } catch (RuntimeException e) {
      scheduled.remove(bucket);
      throw e;
    }
  }

  private String payload(long bucket) {
    try {
      return JSON.writeValueAsString(new Payload(pipeline, bucket));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
