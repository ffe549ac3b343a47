package dev.weir.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** Bad pipeline definitions fail when built, with a message that says what to fix. */
class WeirPipelineTest {
  static class Echo extends DoFn<KV<String, String>, String> {
    @ProcessElement
    public void process(@Element KV<String, String> element, OutputReceiver<String> out) {
      out.output(element.getValue());
    }
  }

  private static WeirPipeline.Builder<String, String, String> valid() {
    return WeirPipeline.<String, String, String>builder("echo")
        .input(String::new, StringUtf8Coder.of())
        .key(v -> v, StringUtf8Coder.of())
        .eventTime(v -> new Instant(0))
        .doFn(new Echo(), StringUtf8Coder.of());
  }

  @Test
  void aMissingPartIsNamed() {
    assertThatThrownBy(() -> valid().doFn(null, StringUtf8Coder.of()).build())
        .hasMessageContaining("missing its DoFn");
  }

  /** Sessions are built; state that cannot merge is refused (see SessionWindowsTest). */
  @Test
  void sessionWindowsAreAccepted() {
    WeirPipeline<String, String, String> sessions =
        valid()
            .windowing(Sessions.withGapDuration(Duration.standardMinutes(1)), Duration.ZERO)
            .build();

    assertThat(sessions.windowingStrategy().getWindowFn().isNonMerging()).isFalse();
  }

  @Test
  void aNonDeterministicKeyCoderIsRefused() {
    assertThatThrownBy(
            () ->
                WeirPipeline.<Double, String, String>builder("doubles")
                    .input(String::new, StringUtf8Coder.of())
                    .key(v -> 1.0, DoubleCoder.of())
                    .eventTime(v -> new Instant(0))
                    .doFn(new DoFn<KV<Double, String>, String>() {}, StringUtf8Coder.of())
                    .build())
        .hasMessageContaining("deterministic key coder");
  }

  @Test
  void negativeLatenessAndBadNamesAreRefused() {
    assertThatThrownBy(
            () ->
                valid()
                    .windowing(FixedWindows.of(Duration.standardMinutes(1)), Duration.millis(-1))
                    .build())
        .hasMessageContaining("lateness");
    assertThatThrownBy(() -> valid().name("has spaces").build())
        .hasMessageContaining("pipeline name");
  }

  static class TwoOutputs extends DoFn<KV<String, String>, String> {
    @ProcessElement
    public void process(@Element KV<String, String> element, MultiOutputReceiver out) {}
  }

  static class WithSideInput extends DoFn<KV<String, String>, String> {
    @ProcessElement
    public void process(@SideInput("limits") Integer limit, OutputReceiver<String> out) {}
  }

  static class StableInput extends DoFn<KV<String, String>, String> {
    @RequiresStableInput
    @ProcessElement
    public void process(@Element KV<String, String> element, OutputReceiver<String> out) {}
  }

  static class Splittable extends DoFn<KV<String, String>, String> {
    @ProcessElement
    public void process(
        RestrictionTracker<OffsetRange, Long> tracker, OutputReceiver<String> out) {}

    @GetInitialRestriction
    public OffsetRange initial(@Element KV<String, String> element) {
      return new OffsetRange(0, 1);
    }
  }

  @Test
  void doFnsUsingWhatWeirCannotRunAreRefusedNamingTheFeature() {
    assertThatThrownBy(() -> valid().doFn(new TwoOutputs(), StringUtf8Coder.of()).build())
        .hasMessageContaining("TwoOutputs")
        .hasMessageContaining("additional outputs (MultiOutputReceiver)");
    assertThatThrownBy(() -> valid().doFn(new WithSideInput(), StringUtf8Coder.of()).build())
        .hasMessageContaining("side inputs (@SideInput)");
    assertThatThrownBy(() -> valid().doFn(new StableInput(), StringUtf8Coder.of()).build())
        .hasMessageContaining("@RequiresStableInput");
    assertThatThrownBy(() -> valid().doFn(new Splittable(), StringUtf8Coder.of()).build())
        .hasMessageContaining("splittable processing");
    assertThat(valid().build().doFn()).isInstanceOf(Echo.class);
  }
}
