package dev.orchestrate.core.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.topology.TopologyLoader;
import dev.orchestrate.core.transport.LocalTransport;
import dev.orchestrate.core.transport.RecordingTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster's state is found by its name on whichever node holds it, whatever the order of
 * {@code nodes:}; real shells run the lookup, each node's disk a folder of this machine.
 */
class ClusterStateTest {
  @TempDir
  Path dir;

  private final LocalTransport local = new LocalTransport();

  private Topology topology(String name, String... order) {
    StringBuilder nodes = new StringBuilder();
    for (String node : order) {
      nodes.append("  - {name: ").append(node).append(", host: ").append(node).append(".wiki.internal, installDir: ").append(dir.resolve(node))
          .append("/opt/confluence, localHome: ").append(dir.resolve(node)).append("/data/confluence}\n");
    }
    return TopologyLoader.create(new Environment(Map.of("LICENSE", "l", "DB_PASSWORD", "p"), Path.of("/nonexistent"),
        "tester")).load("""
        cluster: {name: "%s"}
        confluence: {sharedHome: /media/shared, license: {env: LICENSE}}
        database: {url: "jdbc:postgresql://db:5432/confluence", username: confluence, passwordEnv: DB_PASSWORD}
        nodes:
        %s""".formatted(name, nodes), Path.of("cluster.yaml")).orThrow();
  }

  private Path base(String node) {
    return dir.resolve(node).resolve("data/orchestrate");
  }

  private void install(String node) throws Exception {
    Path start = dir.resolve(node).resolve("opt/confluence/bin/start-confluence.sh");
    Files.createDirectories(start.getParent());
    Files.writeString(start, "#!/bin/sh\n");
  }

  @Test
  void withoutStateItGoesToTheFirstNodeWithConfluenceInstalled() throws Exception {
    install("node2");
    install("node3");

    ClusterState state = ClusterState.find(local, topology("wiki", "node1", "node2", "node3"));

    assertThat(state.host().name()).isEqualTo("node2");
    assertThat(state.directory().value()).isEqualTo(base("node2").resolve("clusters/wiki").toString());
    assertThat(ClusterState.find(local, topology("wiki", "node1", "node3")).host().name()).isEqualTo("node3");
    assertThat(ClusterState.find(local, topology("wiki", "node4", "node5")).host().name()).isEqualTo("node4");
  }

  @Test
  void stateIsFoundWhereverTheNodeStandsInTheFile() throws Exception {
    install("node1");
    ClusterState created = ClusterState.find(local, topology("wiki", "node1", "node2"));
    try (ClusterLock lock = ClusterLock.acquire(local, created, ClusterLock.Holder.me("run-1", "apply"), false, w -> { })) {
      assertThat(lock.holder().run()).isEqualTo("run-1");
    }
    install("node2");

    ClusterState found = ClusterState.find(local, topology("wiki", "node2", "node1"));

    assertThat(found).isEqualTo(created);
    assertThat(found.host().name()).isEqualTo("node1");
    assertThat(ClusterState.find(local, topology("other wiki/2", "node2", "node1")).directory().value())
        .as("another cluster's state, beside the same homes").endsWith("/clusters/other%20wiki%2F2");
  }

  @Test
  void stateOnTwoNodesIsRefusedNamingBoth() throws Exception {
    Files.createDirectories(base("node1").resolve("clusters/wiki"));
    Files.createDirectories(base("node3").resolve("clusters/wiki"));

    assertThatThrownBy(() -> ClusterState.find(local, topology("wiki", "node1", "node2", "node3")))
        .isInstanceOfSatisfying(OrchestrateException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
        .hasMessageContaining("node1:" + base("node1").resolve("clusters/wiki"))
        .hasMessageContaining("node3:" + base("node3").resolve("clusters/wiki"))
        .hasMessageContaining("move the folder away by hand");
  }

  @Test
  void stateOfThePreviousLayoutIsReadInPlaceWhenItsJournalNamesThisCluster() throws Exception {
    Path old = base("node2");
    Files.createDirectories(old.resolve("runs"));
    Files.writeString(old.resolve("last-run"), "run-0\n");
    Files.writeString(old.resolve("runs/run-0.jsonl"), "{\"type\":\"run\",\"run\":\"run-0\",\"command\":\"apply\","
        + "\"cluster\":\"wiki\",\"facts\":\"{\\\"cluster\\\":\\\"elsewhere\\\"}\"}\n");
    install("node1");

    ClusterState state = ClusterState.find(local, topology("wiki", "node1", "node2"));

    assertThat(state.host().name()).isEqualTo("node2");
    assertThat(state.directory().value()).isEqualTo(old.toString());
    assertThat(RunChain.read(local, state)).as("the chain its last apply implies").containsExactly("run-0");
    assertThat(ClusterState.find(local, topology("intranet", "node1", "node2")).host().name())
        .as("another cluster's journal is not this one's state").isEqualTo("node1");
  }

  @Test
  void everyNodeIsAskedOnceAndTheAnswerSaysWhichHoldsIt() {
    RecordingTransport recording = new RecordingTransport().respond("node2", "clusters", 0, "STATE\nINSTALLED\n");

    ClusterState state = ClusterState.find(recording, topology("wiki", "node1", "node2", "node3"));

    assertThat(state.host().name()).isEqualTo("node2");
    List<String> asked = new ArrayList<>();
    recording.calls().forEach(call -> asked.add(call.host()));
    assertThat(asked).containsExactlyInAnyOrder("node1", "node2", "node3");
  }

  @Test
  void aLockLeftByAGoneProcessOfThisMachineIsTakenOverAnotherMachinesIsNot() throws Exception {
    install("node1");
    ClusterState state = ClusterState.find(local, topology("wiki", "node1"));
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    String here = ClusterLock.Holder.me("x", "apply").host();
    ClusterLock.acquire(local, state, new ClusterLock.Holder("dead-run", "apply", here, "ops", gone.pid(), Instant.now()),
        false, w -> { });
    List<String> warnings = new ArrayList<>();

    try (ClusterLock lock = ClusterLock.acquire(local, state, ClusterLock.Holder.me("run-2", "rollback"), false,
        warnings::add)) {
      assertThat(warnings).singleElement().asString().contains("dead-run", "no longer runs on this machine");
      assertThatThrownBy(() -> ClusterLock.acquire(local, state, new ClusterLock.Holder("run-3", "apply", "ci-7", "ops",
          gone.pid(), Instant.now()), false, w -> { }))
          .hasMessageContaining("locked by run run-2", "--force-unlock");
    }
    assertThat(base("node1").resolve("clusters/wiki/lock")).doesNotExist();
  }
}
