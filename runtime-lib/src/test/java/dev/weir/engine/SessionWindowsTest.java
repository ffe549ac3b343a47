package dev.weir.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.inspect.KeyInspector;
import dev.weir.inspect.KeyState;
import dev.weir.pipeline.RecordParser;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.sink.EngineOutput;
import dev.weir.store.CellMutation;
import dev.weir.store.KeyCommit;
import dev.weir.store.KeyHeader;
import dev.weir.store.NamespaceSnapshot;
import dev.weir.store.StateStore;
import dev.weir.store.Stores;
import dev.weir.store.memory.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.CombiningState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A stateful, timely DoFn on session windows: windows that an element bridges merge, with their
 * state (a sum and a bag) and their end-of-window timer, which fires once, at the merged session's
 * end; late data within the allowed lateness merges into a session that already fired and fires it
 * again; a replayed bundle merges nothing twice.
 */
class SessionWindowsTest {
  /** Per session: how many views and which, output when the session's end passes. */
  static class VisitFn extends DoFn<KV<String, String>, String> {
    @StateId("count")
    private final StateSpec<CombiningState<Long, long[], Long>> countSpec =
        StateSpecs.combining(Sum.ofLongs());

    @StateId("views")
    private final StateSpec<BagState<String>> viewsSpec = StateSpecs.bag(StringUtf8Coder.of());

    @TimerId("end")
    private final TimerSpec endSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @ProcessElement
    public void process(
        @Element KV<String, String> view,
        @StateId("count") CombiningState<Long, long[], Long> count,
        @StateId("views") BagState<String> views,
        @TimerId("end") Timer end,
        BoundedWindow window) {
      count.add(1L);
      views.add(view.getValue());
      end.set(window.maxTimestamp());
    }

    @OnTimer("end")
    public void onEnd(
        @Key String key,
        @StateId("count") CombiningState<Long, long[], Long> count,
        @StateId("views") BagState<String> views,
        BoundedWindow window,
        OutputReceiver<String> out) {
      IntervalWindow session = (IntervalWindow) window;
      out.output(
          key
              + " ["
              + session.start().getMillis()
              + ","
              + session.end().getMillis()
              + ") "
              + count.read()
              + " "
              + new TreeSet<>(toList(views.read())));
    }

    private static List<String> toList(Iterable<String> values) {
      List<String> list = new ArrayList<>();
      values.forEach(list::add);
      return list;
    }
  }

  /**
   * Timers other than the session's end: a view ending in {@code n} sets an event-time nudge 3 s
   * after it, one ending in {@code p} a processing-time reminder 5 s from now; each outputs its
   * window and time when it fires.
   */
  static class NudgeFn extends DoFn<KV<String, String>, String> {
    @TimerId("nudge")
    private final TimerSpec nudgeSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @TimerId("remind")
    private final TimerSpec remindSpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

    @ProcessElement
    public void process(
        @Element KV<String, String> view,
        @Timestamp Instant timestamp,
        @TimerId("nudge") Timer nudge,
        @TimerId("remind") Timer remind) {
      if (view.getValue().endsWith("n")) {
        nudge.set(timestamp.plus(Duration.millis(3_000)));
      }
      if (view.getValue().endsWith("p")) {
        remind.offset(Duration.millis(5_000)).setRelative();
      }
    }

    @OnTimer("nudge")
    public void onNudge(
        @Timestamp Instant fired, BoundedWindow window, OutputReceiver<String> out) {
      out.output("nudge " + window + " @" + fired.getMillis());
    }

    @OnTimer("remind")
    public void onRemind(BoundedWindow window, OutputReceiver<String> out) {
      out.output("remind " + window);
    }
  }

  static class WithValueState extends DoFn<KV<String, String>, String> {
    @StateId("last")
    private final StateSpec<ValueState<String>> lastSpec = StateSpecs.value(StringUtf8Coder.of());

    @ProcessElement
    public void process(@StateId("last") ValueState<String> last) {}
  }

  /** {@code key:millis[flag]}: the key's view at that event time, named by its time and flag. */
  private static final RecordParser<String, String> PARSER =
      record -> {
        String[] parts = new String(record.data(), StandardCharsets.UTF_8).split(":");
        long millis = Long.parseLong(parts[1].replaceAll("[a-z]", ""));
        return new RecordParser.Parsed<>(parts[0], parts[1], new Instant(millis));
      };

  private final InMemoryStore store = new InMemoryStore();
  private final List<EngineOutput<String>> outputs = new ArrayList<>();
  private int sequence;

  private WeirEngine<String, String, String> engine(Duration lateness) {
    return engine(new VisitFn(), lateness);
  }

  private WeirEngine<String, String, String> engine(
      DoFn<KV<String, String>, String> fn, Duration lateness) {
    return new WeirEngine<>(
        WeirPipeline.<String, String, String>builder("sessions")
            .records(PARSER, StringUtf8Coder.of(), StringUtf8Coder.of())
            .windowing(Sessions.withGapDuration(Duration.millis(10_000)), lateness)
            .doFn(fn, StringUtf8Coder.of())
            .build(),
        store.asStores(),
        outputs::addAll);
  }

  private List<InputRecord> records(String... views) {
    List<InputRecord> records = new ArrayList<>();
    for (String view : views) {
      records.add(
          new InputRecord(
              String.format("%05d", ++sequence),
              view.split(":")[0],
              view.getBytes(StandardCharsets.UTF_8),
              new Instant(0)));
    }
    return records;
  }

  private void watermarkTo(WeirEngine<?, ?, ?> engine, long millis) {
    store.advanceGlobalWatermark(millis);
    engine.fireEventTimers(new Instant(0));
  }

  private List<String> values() {
    return outputs.stream().map(EngineOutput::value).toList();
  }

  @Test
  void anElementBridgingTwoSessionsMergesThemAndTheirEndFiresOnceAtTheMergedEnd() {
    WeirEngine<String, String, String> engine = engine(Duration.ZERO);
    engine.processBundle("shard-0", records("a:0", "a:5000", "b:1000"), new Instant(0));
    engine.processBundle("shard-0", records("a:20000"), new Instant(0));
    engine.processBundle("shard-0", records("a:12000"), new Instant(0)); // bridges [0,15), [20,30)

    // Inspected, the key has one session, holding what both held.
    KeyState<String> inspected = new KeyInspector<>(engine.host(), store, store).inspect("a");
    assertThat(inspected.windows()).hasSize(1);
    assertThat(inspected.windows().get(0).window())
        .isEqualTo(new IntervalWindow(new Instant(0), new Instant(30_000)));
    assertThat(inspected.windows().get(0).state()).containsEntry("count", 4L);
    watermarkTo(engine, 1_000_000);

    assertThat(values())
        .containsExactlyInAnyOrder(
            "a [0,30000) 4 [0, 12000, 20000, 5000]", "b [1000,11000) 1 [1000]");
  }

  /**
   * A merge leaves the cells of the earliest merged session where they are: the merged session
   * reads and writes them under that session's namespace, and only the other session's cells are
   * appended to them; nothing of them is cleared, deleted or rewritten.
   */
  @Test
  void aMergeAppendsToTheEarliestSessionsCellsWithoutMovingThem() {
    List<KeyCommit> commits = new ArrayList<>();
    Stores recorded = store.asStores();
    StateStore recording =
        new StateStore() {
          @Override
          public KeyHeader readHeader(String keyId) {
            return recorded.state().readHeader(keyId);
          }

          @Override
          public NamespaceSnapshot readNamespace(String keyId, KeyHeader header, String ns) {
            return recorded.state().readNamespace(keyId, header, ns);
          }

          @Override
          public NavigableMap<String, byte[]> readChunkedCell(
              String keyId, KeyHeader header, String ns, String stateId) {
            return recorded.state().readChunkedCell(keyId, header, ns, stateId);
          }

          @Override
          public void commit(KeyCommit commit) {
            recorded.state().commit(commit);
            commits.add(commit);
          }
        };
    WeirEngine<String, String, String> engine =
        new WeirEngine<>(
            WeirPipeline.<String, String, String>builder("sessions")
                .records(PARSER, StringUtf8Coder.of(), StringUtf8Coder.of())
                .windowing(Sessions.withGapDuration(Duration.millis(10_000)), Duration.ZERO)
                .doFn(new VisitFn(), StringUtf8Coder.of())
                .build(),
            new Stores(recording, recorded.timers(), recorded.shards(), recorded.attempts()),
            outputs::addAll);
    engine.processBundle("shard-0", records("a:0", "a:5000"), new Instant(0)); // [0,15)
    engine.processBundle("shard-0", records("a:20000"), new Instant(0)); // [20,30)
    String earliest =
        commits.get(0).cells().stream()
            .filter(c -> c.stateId().contains("views"))
            .findFirst()
            .orElseThrow()
            .namespace();
    commits.clear();

    engine.processBundle("shard-0", records("a:12000"), new Instant(0)); // merges both

    List<CellMutation> views =
        commits.get(0).cells().stream().filter(c -> c.stateId().contains("views")).toList();
    CellMutation kept =
        views.stream().filter(c -> c.namespace().equals(earliest)).findFirst().orElseThrow();
    assertThat(kept.cleared()).isFalse();
    assertThat(kept.deletes()).isEmpty();
    assertThat(kept.puts()).isNotEmpty(); // appended: the later session's view and the bridge
    assertThat(commits.get(0).expiredNamespaces()).doesNotContainKey(earliest);
    watermarkTo(engine, 1_000_000);
    assertThat(values()).containsExactly("a [0,30000) 4 [0, 12000, 20000, 5000]");
  }

  @Test
  void aReplayedBundleMergesNothingTwice() {
    WeirEngine<String, String, String> engine = engine(Duration.ZERO);
    List<InputRecord> first = records("a:0", "a:5000", "a:20000");
    List<InputRecord> bridge = records("a:12000");
    engine.processBundle("shard-0", first, new Instant(0));
    engine.processBundle("shard-0", bridge, new Instant(0));
    engine.processBundle("shard-0", first, new Instant(0)); // Lambda retries both
    engine.processBundle("shard-0", bridge, new Instant(0));

    watermarkTo(engine, 1_000_000);

    assertThat(values()).containsExactly("a [0,30000) 4 [0, 12000, 20000, 5000]");
  }

  @Test
  void lateDataWithinTheLatenessMergesIntoAFiredSessionAndFiresItAgain() {
    WeirEngine<String, String, String> engine = engine(Duration.standardMinutes(1));
    engine.processBundle("shard-0", records("a:0", "a:5000"), new Instant(0));
    watermarkTo(engine, 20_000); // on time: [0,15) fired

    engine.processBundle("shard-0", records("a:8000"), new Instant(0)); // late, [8,18) merges
    watermarkTo(engine, 30_000);

    assertThat(values())
        .containsExactly("a [0,15000) 2 [0, 5000]", "a [0,18000) 3 [0, 5000, 8000]");
  }

  /**
   * A timer set in several merged windows under one id fires once, for the merged session, at the
   * earliest of its settings: none of the pending firings is lost or delayed.
   */
  @Test
  void aTimerOfOneIdInSeveralMergedWindowsFiresOnceAtItsEarliestSetting() {
    WeirEngine<String, String, String> engine = engine(new NudgeFn(), Duration.ZERO);
    engine.processBundle("shard-0", records("a:0n", "a:5000", "a:20000n"), new Instant(0));
    engine.processBundle("shard-0", records("a:12000"), new Instant(0)); // merges [0,15), [20,30)

    watermarkTo(engine, 1_000_000);

    assertThat(values())
        .containsExactly("nudge [1970-01-01T00:00:00.000Z..1970-01-01T00:00:30.000Z) @3000");
  }

  /** A processing-time timer of a merged-away window keeps its time, in the merged window. */
  @Test
  void aProcessingTimeTimerFollowsTheMergedWindowAtItsOwnTime() {
    WeirEngine<String, String, String> engine = engine(new NudgeFn(), Duration.ZERO);
    engine.processBundle("shard-0", records("a:0p"), new Instant(0)); // reminder due at 5,000
    engine.processBundle("shard-0", records("a:8000"), new Instant(1_000)); // [0,10) -> [0,18)

    engine.fireProcessingTimers(new Instant(4_999));
    assertThat(values()).isEmpty();
    engine.fireProcessingTimers(new Instant(5_001));

    assertThat(values())
        .containsExactly("remind [1970-01-01T00:00:00.000Z..1970-01-01T00:00:18.000Z)");
  }

  @Test
  void valueStateOnSessionsIsRefusedSayingWhatToUseInstead() {
    assertThatThrownBy(
            () ->
                WeirPipeline.<String, String, String>builder("sessions")
                    .records(PARSER, StringUtf8Coder.of(), StringUtf8Coder.of())
                    .windowing(Sessions.withGapDuration(Duration.millis(10_000)), Duration.ZERO)
                    .doFn(new WithValueState(), StringUtf8Coder.of())
                    .build())
        .hasMessageContaining("@StateId(\"last\") ValueState")
        .hasMessageContaining("CombiningState");
  }
}
