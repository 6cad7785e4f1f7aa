package dev.orchestrate.core.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.LocalTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chain file, what a cluster without one implies, and what the journal keeps for a resumed run. */
class RunChainTest {
  @TempDir
  Path dir;

  private ClusterState state() {
    SshSettings ssh = new SshSettings("tester", 22, Optional.empty(), Optional.empty(), Optional.empty(),
        Path.of("/dev/null"), SshSettings.Become.NONE, Duration.ofSeconds(5));
    return new ClusterState(new Host("node1", "127.0.0.1", ssh), RemotePath.of(dir.resolve("state").toString()));
  }

  @Test
  void theChainFileListsRunsOldestFirstAndAnEmptyOneIsAChainAnew() {
    assertThat(RunChain.parse("CHAIN\nrun-1\nrun-2\n\n")).contains(List.of("run-1", "run-2"));
    assertThat(RunChain.parse("CHAIN\n")).contains(List.of());
    assertThat(RunChain.parse("")).as("no chain file").isEmpty();

    LocalTransport local = new LocalTransport();
    RunChain.write(local, state(), List.of("run-1", "run-2"));
    assertThat(RunChain.read(local, state())).containsExactly("run-1", "run-2");
    RunChain.write(local, state(), List.of());
    assertThat(RunChain.read(local, state())).isEmpty();
    assertThat(dir.resolve("state/chain")).exists();
  }

  @Test
  void withoutAChainFileTheLastRunSaysWhatTheChainWas() {
    assertThat(RunChain.impliedBy(past("run-1", Map.of("command", "apply"), Optional.of("failed"))))
        .containsExactly("run-1");
    assertThat(RunChain.impliedBy(past("rb", Map.of("command", "rollback", "rollback_of", "run-1"), Optional.empty())))
        .as("an unfinished rollback of the previous layout").containsExactly("run-1");
    assertThat(RunChain.impliedBy(past("rb", Map.of("command", "rollback", "rollback_of", List.of("run-2", "run-1")),
        Optional.of("failed")))).containsExactly("run-1", "run-2");
    assertThat(RunChain.impliedBy(past("rb", Map.of("command", "rollback", "rollback_of", "run-1"),
        Optional.of("succeeded")))).isEmpty();
  }

  @Test
  void aResumedRunGetsBackWhatItsDoneTasksRegisteredAndFailedOnesAreNotDone() {
    JournalReader.PastRun run = JournalReader.parse("run-1", String.join("\n",
        "{\"type\":\"run\",\"run\":\"run-1\",\"command\":\"apply\"}",
        "{\"type\":\"start\",\"vertex\":\"p0.t0.node1\"}",
        "{\"type\":\"end\",\"vertex\":\"p0.t0.node1\",\"status\":\"ok\",\"registered\":{\"stdout\":\"1700000000\"}}",
        "{\"type\":\"start\",\"vertex\":\"p0.t1.node1\"}",
        "{\"type\":\"end\",\"vertex\":\"p0.t1.node1\",\"status\":\"failed\",\"registered\":{\"rc\":1}}",
        "{\"type\":\"finish\",\"status\":\"failed\"}", ""));

    assertThat(run.registered()).containsOnlyKeys("p0.t0.node1");
    assertThat(run.registered().get("p0.t0.node1")).containsEntry("stdout", "1700000000");
    assertThat(run.mayHaveChanged()).isFalse();
    assertThat(run.command()).isEqualTo("apply");
    assertThat(run.succeeded()).isFalse();
    assertThat(RunRecap.of(run).changes()).isEqualTo("changed nothing");
  }

  @Test
  void theRecapCountsUndoRecordsByKindAndNamesTheNodes() {
    JournalReader.PastRun run = JournalReader.parse("run-1", String.join("\n",
        "{\"type\":\"run\",\"run\":\"run-1\",\"command\":\"apply\",\"started\":\"2024-05-01T03:00:00Z\"}",
        "{\"type\":\"end\",\"vertex\":\"a\",\"node\":\"node1\",\"status\":\"changed\",\"undo\":[{\"kind\":\"service\","
            + "\"was\":\"running\"}]}",
        "{\"type\":\"end\",\"vertex\":\"b\",\"node\":\"node2\",\"status\":\"changed\",\"undo\":{\"items\":[{\"kind\":"
            + "\"move\"},{\"kind\":\"move\"}]}}",
        "{\"type\":\"end\",\"vertex\":\"c\",\"node\":\"node3\",\"status\":\"ok\"}",
        "{\"type\":\"finish\",\"status\":\"succeeded\"}", ""));

    RunRecap recap = RunRecap.of(run);

    assertThat(recap.changes()).isEqualTo("undo records: 2 move, 1 service; nodes: node1, node2");
    assertThat(recap.ended()).isEqualTo("succeeded");
    assertThat(recap.started()).isEqualTo("2024-05-01T03:00:00Z");
    assertThat(run.mayHaveChanged()).isTrue();
  }

  private static JournalReader.PastRun past(String run, Map<String, Object> header, Optional<String> finish) {
    return new JournalReader.PastRun(run, header, Set.of(), Set.of(), List.of(), finish);
  }
}
