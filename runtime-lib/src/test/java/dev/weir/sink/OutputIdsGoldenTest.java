package dev.weir.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerKey;
import dev.weir.timer.TimerRecord;
import org.junit.jupiter.api.Test;

/**
 * Output ids pinned across versions: consumers drop duplicates by id, so an upgrade that changed
 * how ids are made would make them see every replayed output twice. The expected values were
 * computed outside Java (MD5 name-based UUIDs of the documented identity string); a change here is
 * a breaking change of the output format and needs a migration note, not a new constant.
 */
class OutputIdsGoldenTest {
  private static final String SEQUENCE = "49590338271490256608559692538361571095921575989136588898";

  @Test
  void aRecordsOutputsAreNamedByPipelineKeyWindowRecordAndIndex() {
    String cause = OutputIds.record("shardId-000000000000", SEQUENCE);

    assertThat(cause).isEqualTo("record:shardId-000000000000:" + SEQUENCE);
    assertThat(OutputIds.id("batched-rpc", "user-7", "/", cause, 0))
        .isEqualTo("d86a77c5-2019-30eb-8124-a9fc836b7247");
    assertThat(OutputIds.id("batched-rpc", "user-7", "/", cause, 1))
        .isEqualTo("e0d324d2-7c2d-35d3-9eab-fde8a69d2072");
  }

  @Test
  void aTimersOutputsAreNamedByTheTimerItsTimeAndWhatArmedIt() {
    String arming = OutputIds.arming(OutputIds.record("shardId-000000000000", "42"));
    TimerRecord timer =
        new TimerRecord(
            "user-7",
            new TimerKey("/", "", "flush"),
            TimerDomain.EVENT_TIME,
            1_700_000_060_000L,
            1_700_000_060_000L,
            arming);

    assertThat(arming).isEqualTo("25aa95e8-b21a-3160-8633-4bcc1cb7ef41");
    assertThat(OutputIds.id("batched-rpc", "user-7", "/", OutputIds.timer(timer), 0))
        .isEqualTo("c2fc841b-9465-3fd3-9468-8b4d51787bd2");
  }

  @Test
  void bundleSweepAndFinishBundleOutputsHaveTheirOwnCauses() {
    String bundle = OutputIds.bundle("shardId-000000000001", "7", "9");

    assertThat(OutputIds.bundle("shardId-000000000001", null, null))
        .isEqualTo("bundle:shardId-000000000001:empty");
    assertThat(OutputIds.id("batched-rpc", "", "/", bundle, 0))
        .isEqualTo("65035c08-2e1c-3c17-99d3-41ca7ef39b5f");
    assertThat(
            OutputIds.id(
                "batched-rpc",
                "",
                "/",
                OutputIds.firing(TimerDomain.EVENT_TIME, 1_700_000_000_000L),
                0))
        .isEqualTo("43130fb5-7734-3500-b95b-7c2deb13095f");
    assertThat(OutputIds.id("batched-rpc", "user-7", "/", OutputIds.finishBundle(bundle), 0))
        .isEqualTo("19ffebe9-048c-3350-88fa-2e39056bbaf6");
  }
}
