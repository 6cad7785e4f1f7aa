package dev.orchestrate.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.journal.ClusterState;
import dev.orchestrate.core.journal.JournalReader.PastRun;
import dev.orchestrate.core.journal.RunChain;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.LocalTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which past run an apply finishes, decided from the last run's journal and the chain, with no host. */
class ResumptionTest {
  private static final Path FILE = Path.of("cluster.yaml");
  private static final String DIGEST = "same-digest";
  private static final Map<String, Object> CHANGED = Map.of("vertex", "p0.t0.node1", "status", "changed");

  @TempDir
  Path dir;

  @Test
  void aRunCutOffFromTheSameFileIsFinished() {
    PastRun cut = apply("run-1", DIGEST, Set.of("p0.t0.node1"), Optional.empty(), List.of(CHANGED));

    Resumption resumption = Resumption.decide(FILE, DIGEST, cut, List.of("run-1"));

    assertThat(resumption.run()).contains(cut);
    assertThat(resumption.note()).isEmpty();
  }

  @Test
  void aRunThatFailedAfterChangingSomethingIsFinished() {
    PastRun failed = apply("run-1", DIGEST, Set.of(), Optional.of("failed"), List.of(CHANGED));

    assertThat(Resumption.decide(FILE, DIGEST, failed, List.of("run-1")).run()).contains(failed);
  }

  @Test
  void aRunThatFailedBeforeChangingAnythingIsFollowedByANewRunThatSaysWhy() {
    PastRun refused = apply("run-1", DIGEST, Set.of(), Optional.of("failed"),
        List.of(Map.of("vertex", "p0.t0.node1", "status", "failed")));

    Resumption resumption = Resumption.decide(FILE, DIGEST, refused, List.of("run-1"));

    assertThat(resumption.run()).isEmpty();
    assertThat(resumption.note()).contains("Run run-1 failed before changing anything: this apply is a new run, after"
        + " it in the chain that rollback undoes.");
  }

  @Test
  void aFailedRunOfAnotherFileIsFollowedByANewRun() {
    PastRun failed = apply("run-1", "other-digest", Set.of(), Optional.of("failed"), List.of(CHANGED));

    Resumption resumption = Resumption.decide(FILE, DIGEST, failed, List.of("run-1"));

    assertThat(resumption.run()).isEmpty();
    assertThat(resumption.note()).contains("Run run-1 failed and cluster.yaml has changed since: this apply is a new"
        + " run, after it in the chain that rollback undoes.");
  }

  @Test
  void aRunCutOffFromAnotherFileIsRefused() {
    PastRun cut = apply("run-1", "other-digest", Set.of(), Optional.empty(), List.of());

    assertThatThrownBy(() -> Resumption.decide(FILE, DIGEST, cut, List.of("run-1")))
        .isInstanceOfSatisfying(OrchestrateException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
        .hasMessage("run run-1 on this cluster was cut off, and cluster.yaml has changed since it started; apply the"
            + " cluster.yaml it started with to finish it (or roll it back), then apply the new one");
  }

  @Test
  void aRunMarkedGoodIsNotFinished() {
    PastRun cut = apply("run-1", DIGEST, Set.of("p0.t0.node1"), Optional.empty(), List.of(CHANGED));

    Resumption resumption = Resumption.decide(FILE, DIGEST, cut, List.of());

    assertThat(resumption.run()).isEmpty();
    assertThat(resumption.note()).isEmpty();
  }

  @Test
  void aRollbackLeftHalfDoneStopsTheApplyUnlessTheChainIsEmpty() {
    PastRun rollback = new PastRun("rb-1", Map.of("command", "rollback", "rollback_of", List.of("run-1")), Set.of(),
        Set.of(), List.of(), Optional.of("failed"));

    assertThat(Resumption.decide(FILE, DIGEST, rollback, List.of())).isEqualTo(Resumption.NONE);
    assertThatThrownBy(() -> Resumption.decide(FILE, DIGEST, rollback, List.of("run-1")))
        .isInstanceOf(OrchestrateException.class)
        .hasMessage("rollback rb-1 on this cluster did not finish, so the hosts are between two states. Finish it"
            + " first: orchestrate rollback cluster.yaml --yes; or, to keep the hosts as they are now and apply from"
            + " there: orchestrate rollback cluster.yaml --mark-good");
  }

  @Test
  void theMessageOfAResumedRunSaysWhatIsSkippedAndWhatIsCheckedAgain() {
    PastRun cut = new PastRun("run-1", Map.of("command", "apply"), Set.of("a", "b"), Set.of("p1.t2.node2"),
        List.of(), Optional.empty());

    assertThat(Resumption.resuming(cut)).isEqualTo("Resuming run run-1, which was cut off: 2 task(s) done are"
        + " skipped; p1.t2.node2 started and is checked again; the others run now.");
    assertThat(Resumption.resuming(apply("run-2", DIGEST, Set.of(), Optional.of("failed"), List.of())))
        .isEqualTo("Resuming run run-2, which failed: 0 task(s) done are skipped; the others run now.");
  }

  @Test
  void theLastRunIsReadFromTheClustersStateAndASucceededOneIsNeverFinished() throws IOException {
    LocalTransport local = new LocalTransport();
    ClusterState state = state();
    assertThat(Resumption.of(FILE, DIGEST, local, state).run()).as("no run yet").isEmpty();

    journal("run-1", "{\"type\":\"run\",\"run\":\"run-1\",\"command\":\"apply\",\"topology_digest\":\"" + DIGEST
        + "\"}\n{\"type\":\"start\",\"vertex\":\"p0.t0.node1\"}\n");
    RunChain.write(local, state, List.of("run-1"));
    assertThat(Resumption.of(FILE, DIGEST, local, state).run()).as("cut off").map(PastRun::run).contains("run-1");

    journal("run-1", "{\"type\":\"run\",\"run\":\"run-1\",\"command\":\"apply\",\"topology_digest\":\"" + DIGEST
        + "\"}\n{\"type\":\"finish\",\"status\":\"succeeded\"}\n");
    assertThat(Resumption.of(FILE, DIGEST, local, state)).as("succeeded").isEqualTo(Resumption.NONE);
  }

  private static PastRun apply(String run, String digest, Set<String> interrupted, Optional<String> finish,
      List<Map<String, Object>> ends) {
    return new PastRun(run, Map.of("command", "apply", "topology_digest", digest), Set.of(), interrupted, ends,
        finish);
  }

  private ClusterState state() {
    SshSettings ssh = new SshSettings("tester", 22, Optional.empty(), Optional.empty(), Optional.empty(),
        Path.of("/dev/null"), SshSettings.Become.NONE, Duration.ofSeconds(5));
    return new ClusterState(new Host("node1", "127.0.0.1", ssh), RemotePath.of(dir.resolve("state").toString()));
  }

  private void journal(String run, String text) throws IOException {
    Files.createDirectories(dir.resolve("state/runs"));
    Files.writeString(dir.resolve("state/runs/" + run + ".jsonl"), text);
    Files.writeString(dir.resolve("state/last-run"), run + "\n");
  }
}
