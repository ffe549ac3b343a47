package dev.weir.bench.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeLauncherTest {
  @Test
  void aRunIsReadFromTheProbesLineAndWeirsInitLine() {
    ProbeLauncher.Run run =
        ProbeLauncher.parse(
            List.of(
                "SLF4J: nothing",
                "weir init: pipeline=412 clients=230 wiring=120",
                "coldstart mode=weir total=1600 main=90 init=800 invoke=600 warm=40 cpu=2100"));

    assertThat(run).isEqualTo(new ProbeLauncher.Run(1600, 90, 800, 600, 40, 2100, 412, 230, 120));
  }

  @Test
  void aHandlerThatLogsNoInitHasNoParts() {
    ProbeLauncher.Run run =
        ProbeLauncher.parse(
            List.of(
                "coldstart mode=careful total=900 main=80 init=500 invoke=300 warm=30 cpu=1200"));

    assertThat(run.pipeline()).isEqualTo(-1);
    assertThat(ProbeLauncher.parse(List.of("Exception in thread main"))).isNull();
  }
}
