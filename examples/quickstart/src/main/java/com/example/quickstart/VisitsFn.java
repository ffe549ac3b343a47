package com.example.quickstart;

import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Counts each user's page views per visit, an ordinary Beam stateful DoFn. A visit ends once the
 * user has viewed nothing for {@link #VISIT_GAP} of event time: the {@code quiet} timer (pushed
 * back by each view) outputs the visit's view count when the watermark passes the gap, or a view
 * after the gap does, whichever comes first (so the counts do not depend on how views were
 * batched). A user who has viewed nothing for {@link #EXPIRY} of processing time is forgotten,
 * visits and all (the {@code expiry} timer).
 */
public class VisitsFn extends DoFn<KV<String, String>, KV<String, Long>> {
  public static final Duration VISIT_GAP = Duration.standardSeconds(30);
  public static final Duration EXPIRY = Duration.standardMinutes(10);

  @StateId("views")
  private final StateSpec<ValueState<Long>> viewsSpec = StateSpecs.value(VarLongCoder.of());

  @StateId("lastView")
  private final StateSpec<ValueState<Instant>> lastViewSpec = StateSpecs.value(InstantCoder.of());

  @StateId("visits")
  private final StateSpec<ValueState<Long>> visitsSpec = StateSpecs.value(VarLongCoder.of());

  @TimerId("quiet")
  private final TimerSpec quietSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  @TimerId("expiry")
  private final TimerSpec expirySpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

  @ProcessElement
  public void processElement(
      @Element KV<String, String> pageView,
      @Timestamp Instant timestamp,
      @StateId("views") ValueState<Long> views,
      @StateId("lastView") ValueState<Instant> lastView,
      @StateId("visits") ValueState<Long> visits,
      @TimerId("quiet") Timer quiet,
      @TimerId("expiry") Timer expiry,
      OutputReceiver<KV<String, Long>> out) {
    Instant last = lastView.read();
    if (last != null && timestamp.isAfter(last.plus(VISIT_GAP))) {
      endVisit(pageView.getKey(), views, visits, out); // its quiet timer has not fired yet
    }
    Long before = views.read();
    views.write(before == null ? 1 : before + 1);
    if (last == null || timestamp.isAfter(last)) {
      lastView.write(timestamp);
      quiet.set(timestamp.plus(VISIT_GAP));
    }
    expiry.offset(EXPIRY).setRelative();
  }

  @OnTimer("quiet")
  public void onQuiet(
      @Key String user,
      @StateId("views") ValueState<Long> views,
      @StateId("visits") ValueState<Long> visits,
      OutputReceiver<KV<String, Long>> out) {
    endVisit(user, views, visits, out);
  }

  @OnTimer("expiry")
  public void onExpiry(
      @StateId("views") ValueState<Long> views,
      @StateId("lastView") ValueState<Instant> lastView,
      @StateId("visits") ValueState<Long> visits,
      @TimerId("quiet") Timer quiet) {
    views.clear();
    lastView.clear();
    visits.clear();
    quiet.clear();
  }

  private static void endVisit(
      String user,
      ValueState<Long> views,
      ValueState<Long> visits,
      OutputReceiver<KV<String, Long>> out) {
    Long count = views.read();
    if (count != null) {
      out.output(KV.of(user, count));
      views.clear();
      Long before = visits.read();
      visits.write(before == null ? 1 : before + 1);
    }
  }
}
