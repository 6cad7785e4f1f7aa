package dev.orchestrate.core.module.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.confluence.SynchronyPlan.Settled;
import dev.orchestrate.core.module.confluence.SynchronyPlan.Start;
import dev.orchestrate.core.module.confluence.SynchronyPlan.Synchrony;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.undo.SynchronyWas;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** synchrony_service's decisions, with no host. */
class SynchronyPlanTest {
  private static final Synchrony SYNCHRONY = new Synchrony(RemotePath.of("/var/synchrony"),
      RemotePath.of("/opt/synchrony/start-synchrony.sh"));

  @Test
  void aRunningSynchronyIsLeftAlone() {
    assertThat(settled(probe(0, "alive\n", ""), false))
        .isEqualTo(ModuleResult.ok("Synchrony runs already (/var/synchrony/synchrony.pid)"));
  }

  @Test
  void checkModeOnlySaysItWouldStart() {
    assertThat(settled(probe(0, "stopped\n", ""), true))
        .isEqualTo(ModuleResult.changed("would start Synchrony with /opt/synchrony/start-synchrony.sh"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1|''|sudo: a password is required|the probe ended with status 1: sudo: a password is required",
      "0|''|''|the probe printed '' instead of alive or stopped",
      "0|<html>|''|the probe printed '<html>' instead of alive or stopped"})
  void aLookThatProvesNothingStartsNothing(int status, String stdout, String stderr, String said) {
    ModuleResult result = settled(probe(status, stdout, stderr), false);

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).isEqualTo("cannot tell whether Synchrony runs on n1: " + said + "\nNothing was"
        + " started. Its login user must be able to run sh there (with become: sudo, sudo -n without a password)"
        + " and read /var/synchrony/synchrony.pid.");
  }

  @Test
  void aStoppedSynchronyIsStartedRecordingThatItWasStopped() {
    SynchronyPlan plan = SynchronyPlan.decide(SYNCHRONY, "n1", probe(0, "stopped\n", ""), false);

    assertThat(plan).isInstanceOf(Start.class);
    Start start = (Start) plan;
    assertThat(start.intent()).isEqualTo(SynchronyWas.stopped("/var/synchrony"));
    assertThat(start.command().script()).isEqualTo("/opt/synchrony/start-synchrony.sh");
    assertThat(start.result(probe(0, "", ""))).isEqualTo(ModuleResult.changed(
        "Synchrony started (/var/synchrony/synchrony.pid)").withUndo(SynchronyWas.stopped("/var/synchrony")));
    assertThat(start.result(probe(1, "no java\n", ""))).isEqualTo(ModuleResult.failed(
        "Synchrony did not start: no java"));
    assertThat(start.result(probe(1, "starting\n", "java: not found\n"))).isEqualTo(ModuleResult.failed(
        "Synchrony did not start: java: not found"));
  }

  private static ModuleResult settled(CommandResult probe, boolean checkMode) {
    SynchronyPlan plan = SynchronyPlan.decide(SYNCHRONY, "n1", probe, checkMode);
    assertThat(plan).isInstanceOf(Settled.class);
    return ((Settled) plan).result();
  }

  private static CommandResult probe(int status, String stdout, String stderr) {
    return new CommandResult(status, stdout, stderr, false, Duration.ZERO);
  }
}
