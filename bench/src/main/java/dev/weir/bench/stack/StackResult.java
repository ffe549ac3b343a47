package dev.weir.bench.stack;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One contender's run on one workload on the local stack. Every "per event" figure is per generated
 * event: Weir's timer ticks, though records of the input stream, are not events.
 *
 * @param eventsPerSec events per second of handler time (what Lambda bills), summed over shards,
 *     leaving out the processor's first invocations (JIT warm-up), and counting every second the
 *     contender's other functions (Weir's watermark and timer functions) spent meanwhile
 * @param requestsPerEvent DynamoDB requests per event, every function of the contender included
 * @param unitsPerEvent read plus write capacity units per event, as AWS would bill them (DynamoDB
 *     Local's reports, table and index units summed, corrected where it bills otherwise)
 * @param handlerSeconds the processor's handler time
 * @param otherFunctionSeconds the other functions' handler time (Weir's watermark and timer
 *     functions, until the run ended; 0 for the baselines)
 * @param otherFunctionInvocations their invocations
 * @param wallSeconds from starting the event-source mapping to the end of the run: every event
 *     handled, then every output written and every key's state gone (or, for a contender that
 *     leaves work undone, nothing more coming)
 * @param scheduled the watermark and timer functions apart
 * @param records what the contender put into Kinesis
 * @param left the work it left undone when the run ended
 * @param shardPace the pace one shard's processor keeps, measured and modelled
 */
public record StackResult(
    long events,
    double eventsPerSec,
    double requestsPerEvent,
    double readUnitsPerEvent,
    double writeUnitsPerEvent,
    double unitsPerEvent,
    long invocations,
    double handlerSeconds,
    double otherFunctionSeconds,
    long otherFunctionInvocations,
    double wallSeconds,
    Scheduled scheduled,
    Records records,
    WorkLeft left,
    ShardPace shardPace) {

  /**
   * Events per second of the processor's handler time alone, leaving out its first invocations as
   * {@code eventsPerSec} does: the pace one shard's function keeps, Weir's timer ticks handled in
   * it included (they are its work), while the watermark and timer functions run beside it in
   * invocations of their own (they are in {@code eventsPerSec} and the cost).
   *
   * @param measured as this machine ran it
   * @param modelled under the AWS latency profile, with every AWS call taking its draw of the model
   *     instead of what the emulator took: the handler thread's CPU time, plus its calls' draws one
   *     after another, plus the span of its commit pool's calls side by side ({@link
   *     dev.weir.local.latency.ModelledTime}); where the emulators' own CPU sets the measured pace,
   *     this is the pace AWS would give the same requests. 0 without the profile
   */
  public record ShardPace(double measured, double modelled) {}

  /**
   * Weir's scheduled functions (zero for the baselines).
   *
   * @param sweepIntervalSeconds how often the watermark function swept in the run
   * @param watermarkSeconds the watermark function's handler time
   * @param timerSeconds the timer function's (processing-time wake-ups)
   */
  public record Scheduled(
      double sweepIntervalSeconds,
      double watermarkSeconds,
      long watermarkInvocations,
      double timerSeconds,
      long timerInvocations) {
    public static final Scheduled NONE = new Scheduled(0, 0, 0, 0, 0);
  }

  /**
   * Records put into Kinesis in the run.
   *
   * @param inputEvents the events (the same for every contender)
   * @param ticks Weir's timer ticks, written into the input stream
   * @param outputs records written to the output stream
   * @param putPayloadUnits their PUT payload units (25 KB each, every record at least one)
   */
  public record Records(long inputEvents, long ticks, long outputs, long putPayloadUnits) {}

  /**
   * What a run left undone.
   *
   * @param stateLeft items the contender's keys still hold (state, timers, buffers)
   * @param eventsNeverOutput generated events with no output on the output stream
   * @param duplicateOutputs outputs beyond one per event (Weir's by id: a record written again with
   *     the same id is one output to its consumers)
   */
  public record WorkLeft(long stateLeft, long eventsNeverOutput, long duplicateOutputs) {
    public static final WorkLeft NONE = new WorkLeft(0, 0, 0);

    public boolean none() {
      return equals(NONE);
    }
  }

  /**
   * Each measure's median over {@code runs} (of one contender on one workload); what was left
   * undone, the most any run left.
   */
  public static StackResult median(List<StackResult> runs) {
    StackResult first = runs.get(0);
    return new StackResult(
        first.events(),
        median(runs, StackResult::eventsPerSec),
        median(runs, StackResult::requestsPerEvent),
        median(runs, StackResult::readUnitsPerEvent),
        median(runs, StackResult::writeUnitsPerEvent),
        median(runs, StackResult::unitsPerEvent),
        Math.round(median(runs, r -> r.invocations())),
        median(runs, StackResult::handlerSeconds),
        median(runs, StackResult::otherFunctionSeconds),
        Math.round(median(runs, r -> r.otherFunctionInvocations())),
        median(runs, StackResult::wallSeconds),
        new Scheduled(
            first.scheduled().sweepIntervalSeconds(),
            median(runs, r -> r.scheduled().watermarkSeconds()),
            Math.round(median(runs, r -> r.scheduled().watermarkInvocations())),
            median(runs, r -> r.scheduled().timerSeconds()),
            Math.round(median(runs, r -> r.scheduled().timerInvocations()))),
        new Records(
            first.records().inputEvents(),
            Math.round(median(runs, r -> r.records().ticks())),
            Math.round(median(runs, r -> r.records().outputs())),
            Math.round(median(runs, r -> r.records().putPayloadUnits()))),
        new WorkLeft(
            runs.stream().mapToLong(r -> r.left().stateLeft()).max().orElse(0),
            runs.stream().mapToLong(r -> r.left().eventsNeverOutput()).max().orElse(0),
            runs.stream().mapToLong(r -> r.left().duplicateOutputs()).max().orElse(0)),
        new ShardPace(
            median(runs, r -> r.shardPace().measured()),
            median(runs, r -> r.shardPace().modelled())));
  }

  private static double median(List<StackResult> runs, ToDoubleFunction<StackResult> measure) {
    double[] values = runs.stream().mapToDouble(measure).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
}
