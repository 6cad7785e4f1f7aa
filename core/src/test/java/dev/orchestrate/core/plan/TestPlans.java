package dev.orchestrate.core.plan;

import dev.orchestrate.core.diagnostic.SourcePosition;
import dev.orchestrate.core.graph.TaskGraph;
import dev.orchestrate.core.graph.TaskGraphBuilder;
import dev.orchestrate.core.playbook.Inventory;
import dev.orchestrate.core.playbook.Play;
import dev.orchestrate.core.playbook.Playbook;
import dev.orchestrate.core.playbook.Task;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** Small plans built by hand: no topology, no facts, no SSH. */
final class TestPlans {
  static final Instant CREATED = Instant.parse("2024-05-01T10:15:30Z");
  static final String TOPOLOGY_DIGEST = "sha256:1111111111111111aaaa";
  static final String FACTS_DIGEST = "sha256:2222222222222222bbbb";
  /** A module argument no printed form may show. */
  static final String SECRET = "hunter2-license-AAAB";

  private TestPlans() {}

  static Inventory inventory(String... nodes) {
    List<String> names = List.of(nodes);
    return new Inventory(names, Map.of("first", names.subList(0, 1), "others", names.subList(1, names.size())),
        Map.of());
  }

  static Task task(String name, String module) {
    return task(name, module, List.of(), false);
  }

  static Task task(String name, String module, List<Object> when, boolean runOnce) {
    return Task.builder(name, module).arguments(Map.of("path", "/opt/x", "license", SECRET)).when(when).runOnce(runOnce)
        .build();
  }

  static Play play(String name, String hosts, List<Object> serial, String strategy, Task... tasks) {
    return new Play(name, SourcePosition.START, hosts, serial, Map.of(), List.of(tasks), false, OptionalDouble.empty(),
        strategy);
  }

  static Playbook playbook(String name, Play... plays) {
    return new Playbook(Path.of(name + ".yaml"), name, List.of(plays));
  }

  /**
   * Two phases on two nodes: a serial play (one node at a time, a task only on the first node)
   * and a free play that starts with a run_once task.
   */
  static Playbook migration() {
    return playbook("migrate",
        play("Stop each node", "all", List.of(1), "linear",
            task("Stop Confluence", "confluence_service"),
            task("Back up the local home", "backup", List.of("inventory_hostname in groups['first']"), false)),
        play("Copy and start", "all", List.of(), "free",
            task("Create the shared home", "file", List.of(), true),
            task("Copy \"files\" from <home> & {more} #1; \\ back", "sync"),
            task("Start Confluence", "confluence_service")));
  }

  static TaskGraph migrationGraph() {
    return TaskGraphBuilder.on(inventory("node1", "node2"))
        .add(migration(), "node1 runs Server")
        .reason("node2", "receives a copy of node1")
        .reason("node1", "becomes the first Data Center node")
        .build();
  }

  static Plan migrationPlan() {
    return plan(migrationGraph());
  }

  static Plan plan(TaskGraph graph) {
    return new Plan("wiki", TOPOLOGY_DIGEST, FACTS_DIGEST, CREATED,
        List.of("node1 runs Confluence Server; cluster.yaml asks for Data Center"), graph);
  }

  static Plan emptyPlan() {
    return new Plan("wiki", TOPOLOGY_DIGEST, FACTS_DIGEST, CREATED, List.of(),
        TaskGraphBuilder.on(inventory("node1", "node2")).build());
  }

  /** Three nodes through a linear play of two tasks: a barrier between every node and every node. */
  static Plan barrierPlan() {
    Playbook playbook = playbook("verify",
        play("Preflight", "first", List.of(), "linear", task("Check the node", "preflight")),
        play("Verify", "all", List.of(), "linear", task("Check status", "uri"), task("Check logs", "command")),
        play("Restart", "all", List.of("50%"), "linear", task("Restart", "confluence_service")));
    return plan(TaskGraphBuilder.on(inventory("node1", "node2", "node3", "node4")).add(playbook, "").build());
  }
}
