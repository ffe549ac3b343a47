package dev.weir.beam;

import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerKey;
import dev.weir.timer.TimerRecord;
import org.apache.beam.runners.core.StateNamespace;
import org.apache.beam.runners.core.TimerInternals;
import org.apache.beam.sdk.state.TimeDomain;
import org.joda.time.Instant;

/**
 * Beam's {@link TimerInternals} over the current key's workspace. The clocks are inputs: the engine
 * sets the processing time and input watermark before each key's work, so nothing here reads a
 * system clock.
 */
final class WeirTimerInternals implements TimerInternals {
  private final KeyContext context;
  private final Namespaces namespaces;

  WeirTimerInternals(KeyContext context, Namespaces namespaces) {
    this.context = context;
    this.namespaces = namespaces;
  }

  static TimerDomain domainOf(TimeDomain domain) {
    return switch (domain) {
      case EVENT_TIME -> TimerDomain.EVENT_TIME;
      case PROCESSING_TIME -> TimerDomain.PROCESSING_TIME;
      case SYNCHRONIZED_PROCESSING_TIME ->
          throw new UnsupportedOperationException(
              "synchronized processing time timers are not supported by Weir");
    };
  }

  static TimeDomain beamDomainOf(TimerDomain domain) {
    return domain == TimerDomain.EVENT_TIME ? TimeDomain.EVENT_TIME : TimeDomain.PROCESSING_TIME;
  }

  @Override
  public void setTimer(
      StateNamespace namespace,
      String timerId,
      String timerFamilyId,
      Instant target,
      Instant outputTimestamp,
      TimeDomain timeDomain) {
    context
        .workspace()
        .setTimer(
            new TimerRecord(
                context.workspace().keyId(),
                new TimerKey(namespaces.stringOf(namespace), timerFamilyId, timerId),
                domainOf(timeDomain),
                target.getMillis(),
                outputTimestamp.getMillis()));
  }

  @Override
  @SuppressWarnings("deprecation")
  public void setTimer(TimerData timer) {
    setTimer(
        timer.getNamespace(),
        timer.getTimerId(),
        timer.getTimerFamilyId(),
        timer.getTimestamp(),
        timer.getOutputTimestamp(),
        timer.getDomain());
  }

  @Override
  public void deleteTimer(
      StateNamespace namespace, String timerId, String timerFamilyId, TimeDomain timeDomain) {
    deleteTimer(namespace, timerId, timerFamilyId);
  }

  @Override
  @SuppressWarnings("deprecation")
  public void deleteTimer(StateNamespace namespace, String timerId, String timerFamilyId) {
    context
        .workspace()
        .deleteTimer(new TimerKey(namespaces.stringOf(namespace), timerFamilyId, timerId));
  }

  @Override
  @SuppressWarnings("deprecation")
  public void deleteTimer(TimerData timer) {
    deleteTimer(timer.getNamespace(), timer.getTimerId(), timer.getTimerFamilyId());
  }

  @Override
  public Instant currentProcessingTime() {
    return context.processingTime();
  }

  @Override
  public Instant currentSynchronizedProcessingTime() {
    return context.processingTime();
  }

  @Override
  public Instant currentInputWatermarkTime() {
    return context.inputWatermark();
  }

  @Override
  public Instant currentOutputWatermarkTime() {
    return context.inputWatermark();
  }
}
