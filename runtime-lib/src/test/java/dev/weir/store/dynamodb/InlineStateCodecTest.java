package dev.weir.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.store.CellMutation;
import dev.weir.store.KeyCommit;
import dev.weir.store.KeyHeader;
import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerKey;
import dev.weir.timer.TimerRecord;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.junit.jupiter.api.Test;

/**
 * The inline state's bytes: format 2 reads back as written, whatever the times and arming hashes; a
 * header written in format 1 by an earlier release still reads; format 2 takes under two thirds of
 * the bytes of format 1 for the blog's key (Weir's own bytes halve; the buffered event stays as it
 * is), and every commit of such a key pays for its whole state.
 */
class InlineStateCodecTest {
  /**
   * A header's inline state as the previous release wrote it (format 1), copied from DynamoDB Local
   * after the batched-RPC pipeline ran the bench's medium workload: key user-766, its one window
   * holding a buffer of one event and a count, and three timers (Beam's window-expiry timer, the
   * event-time expiry and the processing-time stale timer).
   */
  private static final byte[] WRITTEN_IN_FORMAT_1 =
      HexFormat.of()
          .parseHex(
              "0100000001000000112f6741414269385f6d4245446731414d2f0000000200000007756275666665"
                  + "7201000000010000001a303030303030303030303030303030303030332d37623761373200000074"
                  + "000000010000006c08757365722d3736368f0da3f595ffbc315a706167652d766965773a2f70726f"
                  + "64756374732f38393834323a78787878787878787878787878787878787878787878787878787878"
                  + "78787878787878787878787878787878787878787878787878787878787878787878787800000006"
                  + "75636f756e74000000000100000000000000010100000003000000112f6741414269385f6d424544"
                  + "6731414d2f00000000000000185f5f537461746566756c506172446f476354696d65724964000000"
                  + "018bcfe679700000018bcfe6043f0000002462386465663135662d623233332d336666342d613661"
                  + "372d663436396439663139643731000000112f6741414269385f6d4245446731414d2f0000000000"
                  + "00000974732d657870697279000000018bcfe6796f0000018bcfe6796f0000002462386465663135"
                  + "662d623233332d336666342d613661372d663436396439663139643731000000112f674141426938"
                  + "5f6d4245446731414d2f000000000000000874732d7374616c6501000001a2378d81360000018bcf"
                  + "e57aa30000002432373436616262372d303833352d333533302d383635652d383061313036343065"
                  + "653632");

  private static final String WINDOW = "/gAABi8_mBEDg1AM/";

  @Test
  void aHeaderWrittenInFormat1StillReads() {
    InlineState state = InlineState.decode("dXNlci03NjY", WRITTEN_IN_FORMAT_1);

    assertThat(state.cells()).containsOnlyKeys(WINDOW);
    assertThat(state.cells().get(WINDOW)).containsOnlyKeys("ubuffer", "ucount");
    assertThat(state.chunked()).containsExactly(WINDOW + "\n" + "ubuffer");
    assertThat(state.timers())
        .extracting(t -> t.key().timerId())
        .containsExactly("__StatefulParDoGcTimerId", "ts-expiry", "ts-stale");
    TimerRecord stale = state.timers().get(2);
    assertThat(stale.domain()).isEqualTo(TimerDomain.PROCESSING_TIME);
    assertThat(stale.fireAtMillis()).isEqualTo(0x1a2378d8136L);
    assertThat(stale.outputAtMillis()).isEqualTo(0x18bcfe57aa3L);
    assertThat(stale.armedBy()).isEqualTo("2746abb7-0835-3530-865e-80a10640ee62");
  }

  @Test
  void format2ReadsBackWhatFormat1HeldInUnderTwoThirdsOfTheBytes() {
    InlineState state = InlineState.decode("dXNlci03NjY", WRITTEN_IN_FORMAT_1);

    byte[] format2 = state.encode();

    assertThat(format2[0]).isEqualTo((byte) 2);
    InlineState read = InlineState.decode("dXNlci03NjY", format2);
    assertThat(read.timers()).isEqualTo(state.timers());
    assertThat(read.chunked()).isEqualTo(state.chunked());
    assertThat(read.cells().get(WINDOW).get("ubuffer"))
        .hasSameSizeAs(state.cells().get(WINDOW).get("ubuffer"));
    state
        .cells()
        .get(WINDOW)
        .forEach(
            (stateId, entries) ->
                entries.forEach(
                    (sub, value) ->
                        assertThat(read.cells().get(WINDOW).get(stateId).get(sub))
                            .isEqualTo(value)));
    assertThat(format2.length).isLessThan(WRITTEN_IN_FORMAT_1.length * 2 / 3);
  }

  @Test
  void extremeTimesArmingTextAndManyNamespacesReadBack() {
    long min = BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis();
    long max = BoundedWindow.TIMESTAMP_MAX_VALUE.getMillis();
    String uuid = UUID.nameUUIDFromBytes(new byte[] {1}).toString();
    List<TimerRecord> timers =
        List.of(
            timer("/a/", "early", TimerDomain.EVENT_TIME, min, max, uuid),
            timer("/b/", "late", TimerDomain.EVENT_TIME, max, min, "arm-1"),
            timer("/c/", "plain", TimerDomain.PROCESSING_TIME, 0, -1, ""),
            timer("/a/", "upper", TimerDomain.PROCESSING_TIME, 5, 5, uuid.toUpperCase()));
    InlineState state =
        InlineState.EMPTY.apply(
            new KeyCommit(
                "k",
                0,
                new KeyHeader(1, Map.of()),
                List.of(
                    new CellMutation("/b/", "v", false, false, Map.of("", new byte[300]), Set.of()),
                    new CellMutation("/d/", "m", false, false, Map.of("é", new byte[0]), Set.of())),
                timers,
                List.of()));

    InlineState read = InlineState.decode("k", state.encode());

    assertThat(read.timers()).containsExactlyElementsOf(timers);
    assertThat(read.cells().get("/b/").get("v").get("")).hasSize(300);
    assertThat(read.cells().get("/d/").get("m")).containsOnlyKeys("é");
  }

  @Test
  void aTruncatedStateIsRefusedNamingTheKey() {
    byte[] encoded = InlineState.decode("k", WRITTEN_IN_FORMAT_1).encode();
    byte[] truncated = Arrays.copyOf(encoded, encoded.length / 2);

    assertThatThrownBy(() -> InlineState.decode("key-7", truncated))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("key-7");
  }

  private static TimerRecord timer(
      String namespace, String id, TimerDomain domain, long fireAt, long outputAt, String armedBy) {
    return new TimerRecord("k", new TimerKey(namespace, "", id), domain, fireAt, outputAt, armedBy);
  }
}
