package dev.weir.local.stack;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.functions.handlers.TimerFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;

/**
 * EventBridge Scheduler's delivery, for an endpoint that implements its API but runs nothing
 * (moto): reads the one-time schedules the functions created in the group, invokes the timer
 * function with each one's input when its {@code at(...)} time comes, and deletes it, as {@code
 * ActionAfterCompletion: DELETE} does.
 */
public final class ScheduleDeliveries implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SchedulerClient scheduler;
  private final String group;
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
  private volatile boolean closed;

  public ScheduleDeliveries(SchedulerClient scheduler, String group) {
    this.scheduler = scheduler;
    this.group = group;
  }

  /** Delivers due schedules to {@code timer} every {@code pollMillis}. */
  public void start(TimerFunction timer, long pollMillis) {
    poller.scheduleWithFixedDelay(
        () -> deliver(timer, System.currentTimeMillis()),
        pollMillis,
        pollMillis,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Invokes {@code timer} once for every schedule due at {@code nowMillis} and deletes it; returns
   * the inputs delivered.
   */
  public synchronized List<Map<String, Object>> deliver(TimerFunction timer, long nowMillis) {
    List<Map<String, Object>> delivered = new ArrayList<>();
    try {
      for (ScheduleSummary summary :
          scheduler.listSchedulesPaginator(r -> r.groupName(group)).schedules()) {
        GetScheduleResponse schedule =
            scheduler.getSchedule(r -> r.groupName(group).name(summary.name()));
        if (atMillis(schedule.scheduleExpression()) > nowMillis) {
          continue;
        }
        Map<String, Object> input = input(schedule.target().input());
        timer.handleRequest(input, null);
        delivered.add(input);
        delete(summary.name());
      }
    } catch (RuntimeException e) {
      if (!closed) {
        // Scheduler retries a failed delivery; so does the next poll.
        System.err.println("schedule deliveries: " + e);
      }
    }
    return delivered;
  }

  /** The names of the schedules waiting in the group. */
  public List<String> pending() {
    return scheduler.listSchedulesPaginator(r -> r.groupName(group)).schedules().stream()
        .map(ScheduleSummary::name)
        .toList();
  }

  private void delete(String name) {
    try {
      scheduler.deleteSchedule(r -> r.groupName(group).name(name));
    } catch (ResourceNotFoundException alreadyGone) {
      // deleted by an earlier delivery
    }
  }

  /** {@code at(2026-12-01T21:03:00)}, in UTC (the adapter sets the time zone to UTC). */
  static long atMillis(String expression) {
    if (!expression.startsWith("at(") || !expression.endsWith(")")) {
      throw new IllegalArgumentException("not a one-time schedule: " + expression);
    }
    return LocalDateTime.parse(expression.substring(3, expression.length() - 1))
        .toInstant(ZoneOffset.UTC)
        .toEpochMilli();
  }

  private static Map<String, Object> input(String json) {
    try {
      return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    closed = true;
    poller.shutdownNow();
  }
}
