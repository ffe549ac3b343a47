package dev.weir.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.local.faults.CampaignSummary;
import dev.weir.local.faults.FaultCampaign;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code weir faults}: the exactly-once campaign under injected faults. */
@Command(
    name = "faults",
    mixinStandardHelpOptions = true,
    description = {
      "Runs rounds on the local stack, alternating the batched-RPC pipeline and an event-time-only",
      "sum per window (sliding windows and sessions in turn), each with random faults from the",
      "seed; checks every input is accounted for exactly once and the sums equal what the input",
      "determines; shows progress on stderr",
      "and prints a JSON summary as the last line of stdout (exit 1 if an invariant broke)."
    })
final class FaultsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--rounds", defaultValue = "10", description = "rounds (${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--seed", defaultValue = "1", description = "random seed (${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--events",
      defaultValue = "800",
      description = "events per round (${DEFAULT-VALUE})")
  int events;

  @Option(
      names = "--round-timeout-seconds",
      defaultValue = "240",
      description = "give a round up after (${DEFAULT-VALUE})")
  long roundTimeoutSeconds;

  @Option(
      names = "--fault-scale",
      defaultValue = "1",
      description = "scales every fault rate, 0 to 1 (${DEFAULT-VALUE})")
  double faultScale;

  @Override
  public Integer call() throws Exception {
    CliErrors.requireAtLeast(spec, "--rounds", rounds, 1);
    CliErrors.requireAtLeast(spec, "--events", events, 1);
    CliErrors.requireAtLeast(spec, "--round-timeout-seconds", roundTimeoutSeconds, 1);
    CliErrors.requireBetween(spec, "--fault-scale", faultScale, 0, 1);
    Path root = Path.of(System.getProperty("weir.root", ".")).toAbsolutePath().normalize();
    CampaignSummary summary =
        FaultCampaign.run(
            new FaultCampaign.Options(
                rounds, seed, events, root, roundTimeoutSeconds * 1_000, faultScale),
            System.err);
    System.out.println(new ObjectMapper().writeValueAsString(summary));
    boolean held =
        summary.lost() == 0
            && summary.conflictingIds() == 0
            && summary.eventsUnderSeveralIds() == 0
            && summary.doubleApplied() == 0
            && summary.stateLeft() == 0
            && summary.falselyLate() == 0
            && summary.leasesLeft() == 0
            && summary.eventsWithTwoFates() == 0
            && summary.windowsUnderSeveralIds() == 0
            && summary.everyBadInputAccounted()
            && summary.exactRoundsMatched() == summary.exactRounds()
            && summary.onlyMisroutedRecordsDeadLettered();
    return held ? 0 : 1;
  }
}
