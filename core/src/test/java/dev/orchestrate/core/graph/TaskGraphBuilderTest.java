package dev.orchestrate.core.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.graph.EndpointPair;
import com.google.common.graph.Graphs;
import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.diagnostic.InvalidFileException;
import dev.orchestrate.core.diagnostic.SourcePosition;
import dev.orchestrate.core.playbook.Inventory;
import dev.orchestrate.core.playbook.Play;
import dev.orchestrate.core.playbook.Playbook;
import dev.orchestrate.core.playbook.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The edges a graph gets from its plays: play after play, batch after batch, a node's tasks in
 * order, the barriers of a linear play, run_once, and what a limit or a known condition leaves out.
 */
class TaskGraphBuilderTest {
  private static final Inventory THREE = new Inventory(List.of("node1", "node2", "node3"),
      Map.of("first", List.of("node1"), "others", List.of("node2", "node3")), Map.of());

  private static Task task(String name) {
    return task(name, false);
  }

  private static Task task(String name, boolean runOnce) {
    return Task.builder(name, "command").arguments(Map.of("_raw_params", name)).runOnce(runOnce).build();
  }

  private static Play play(String hosts, List<Object> serial, String strategy, Task... tasks) {
    return new Play("play on " + hosts, new SourcePosition(7, 3), hosts, serial, Map.of(), List.of(tasks), false,
        OptionalDouble.empty(), strategy);
  }

  private static Playbook playbook(Play... plays) {
    return new Playbook(Path.of("site.yml"), "site", List.of(plays));
  }

  private static TaskGraph build(Play... plays) {
    TaskGraph graph = TaskGraphBuilder.on(THREE).add(playbook(plays), "").build();
    assertWellFormed(graph);
    return graph;
  }

  /** Acyclic, and {@code order} a topological order of it: every edge points forward. */
  private static void assertWellFormed(TaskGraph graph) {
    assertThat(Graphs.hasCycle(graph.graph())).isFalse();
    assertThat(graph.order()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(graph.graph().nodes());
    for (EndpointPair<Vertex> edge : graph.graph().edges()) {
      assertThat(graph.order().indexOf(edge.source())).as("%s before %s", edge.source(), edge.target())
          .isLessThan(graph.order().indexOf(edge.target()));
    }
  }

  private static Vertex vertex(TaskGraph graph, String id) {
    return graph.order().stream().filter(v -> v.id().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("no vertex " + id + " in " + graph.order()));
  }

  private static boolean before(TaskGraph graph, String earlier, String later) {
    return graph.happensBefore(vertex(graph, earlier), vertex(graph, later));
  }

  private static List<String> ids(List<Vertex> vertices) {
    return vertices.stream().map(Vertex::id).toList();
  }

  @Test
  void aLinearPlayHoldsEveryNodeAtEachTaskUntilAllHaveFinishedIt() {
    TaskGraph graph = build(play("all", List.of(), "linear", task("stop"), task("start")));

    assertThat(ids(graph.tasks())).containsExactly("1.1.node1", "1.1.node2", "1.1.node3", "1.2.node1", "1.2.node2",
        "1.2.node3");
    for (String first : List.of("node1", "node2", "node3")) {
      for (String second : List.of("node1", "node2", "node3")) {
        assertThat(before(graph, "1.1." + first, "1.2." + second)).as("stop on %s, start on %s", first, second).isTrue();
        assertThat(before(graph, "1.1." + first, "1.1." + second)).as("%s and %s stop side by side", first, second)
            .isFalse();
      }
    }
    Vertex barrier = vertex(graph, "1.1.done-batch1");
    assertThat(barrier.kind()).isEqualTo(Vertex.Kind.TASK_GATE);
    assertThat(graph.graph().predecessors(barrier)).extracting(Vertex::id)
        .containsExactlyInAnyOrder("1.1.node1", "1.1.node2", "1.1.node3");
    assertThat(graph.phases()).singleElement().satisfies(phase -> {
      assertThat(phase.hosts()).containsExactly("node1", "node2", "node3");
      assertThat(phase.batches()).containsExactly(List.of("node1", "node2", "node3"));
    });
  }

  @Test
  void serialOneStartsANodeOnlyAfterThePreviousNodeFinishedItsLastTask() {
    TaskGraph graph = build(play("all", List.of(1), "linear", task("stop"), task("start"), task("wait for RUNNING")));

    assertThat(graph.phases().get(0).batches()).containsExactly(List.of("node1"), List.of("node2"), List.of("node3"));
    assertThat(before(graph, "1.3.node1", "1.1.node2")).isTrue();
    assertThat(before(graph, "1.3.node2", "1.1.node3")).isTrue();
    assertThat(before(graph, "1.1.node2", "1.3.node1")).isFalse();
    assertThat(graph.order()).filteredOn(v -> v.kind() == Vertex.Kind.BATCH_GATE).extracting(Vertex::id)
        .containsExactly("1.batch1.done", "1.batch2.done", "1.batch3.done");
    assertThat(vertex(graph, "1.1.node2").batch()).isEqualTo(1);
  }

  @Test
  void serialSizesMakeBatchesAndTheLastSizeRepeats() {
    TaskGraph graph = build(play("all", List.of(1, 2), "linear", task("restart")));

    assertThat(graph.phases().get(0).batches()).containsExactly(List.of("node1"), List.of("node2", "node3"));
    assertThat(before(graph, "1.1.node1", "1.1.node2")).isTrue();
    assertThat(before(graph, "1.1.node1", "1.1.node3")).isTrue();
    assertThat(before(graph, "1.1.node2", "1.1.node3")).isFalse();
  }

  @Test
  void aFreePlayLetsEachNodeRunOnThroughItsTasksInOrder() {
    TaskGraph graph = build(play("all", List.of(), "free", task("copy"), task("start")));

    assertThat(before(graph, "1.1.node1", "1.2.node1")).isTrue();
    assertThat(before(graph, "1.1.node2", "1.2.node1")).as("node1 does not wait for node2").isFalse();
    assertThat(graph.order()).noneMatch(v -> v.kind() == Vertex.Kind.TASK_GATE);
    Vertex end = vertex(graph, "1.batch1.done");
    assertThat(graph.graph().predecessors(end)).extracting(Vertex::id)
        .containsExactlyInAnyOrder("1.2.node1", "1.2.node2", "1.2.node3");
  }

  @Test
  void playsRunOneAfterAnother() {
    TaskGraph graph = TaskGraphBuilder.on(THREE)
        .add(playbook(play("all", List.of(), "free", task("stop"))), "first procedure")
        .add(playbook(play("first", List.of(), "linear", task("edit"))), "second procedure")
        .build();
    assertWellFormed(graph);

    for (String node : List.of("node1", "node2", "node3")) {
      assertThat(before(graph, "1.1." + node, "2.1.node1")).as(node).isTrue();
    }
    assertThat(graph.phases()).extracting(Phase::index, Phase::why)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "first procedure"),
            org.assertj.core.groups.Tuple.tuple(1, "second procedure"));
    assertThat(graph.phase(vertex(graph, "2.1.node1")).hosts()).containsExactly("node1");
  }

  @Test
  void aRunOnceTaskHasOneVertexOnTheFirstNodeOfEachBatchAndHoldsTheBatch() {
    TaskGraph graph = build(play("others", List.of(1), "linear", task("announce", true), task("restart")));

    assertThat(ids(graph.tasks())).containsExactly("1.1.node2", "1.2.node2", "1.1.node3", "1.2.node3");

    TaskGraph whole = build(play("all", List.of(), "linear", task("stop"), task("create the shared home", true),
        task("start")));
    assertThat(ids(whole.tasks())).containsExactly("1.1.node1", "1.1.node2", "1.1.node3", "1.2.node1", "1.3.node1",
        "1.3.node2", "1.3.node3");
    assertThat(before(whole, "1.1.node3", "1.2.node1")).isTrue();
    assertThat(before(whole, "1.2.node1", "1.3.node2")).isTrue();
  }

  @Test
  void aRunOnceTaskInAFreePlayComesAfterTheTasksBeforeIt() {
    TaskGraph graph = build(play("all", List.of(), "free", task("stop"), task("create the shared home", true),
        task("start")));

    assertThat(before(graph, "1.1.node1", "1.2.node1")).as("node1's tasks in order").isTrue();
    assertThat(before(graph, "1.1.node2", "1.2.node1")).as("the run_once task waits like a barrier").isTrue();
    assertThat(before(graph, "1.2.node1", "1.3.node2")).isTrue();
    for (Vertex task : graph.tasks()) {
      assertThat(graph.happensBefore(task, vertex(graph, "1.batch1.done"))).as("%s before the play ends", task)
          .isTrue();
    }
  }

  @Test
  void knownConditionsLeaveOutTheTasksThatCannotRunAndKeepTheOrder() {
    Task backup = task("back up");
    TaskGraph graph = TaskGraphBuilder.on(THREE)
        .skipping((task, node) -> task != backup || node.equals("node1"))
        .add(playbook(play("all", List.of(), "linear", task("stop"), backup, task("start"))), "")
        .build();
    assertWellFormed(graph);

    assertThat(ids(graph.tasks())).containsExactly("1.1.node1", "1.1.node2", "1.1.node3", "1.2.node1", "1.3.node1",
        "1.3.node2", "1.3.node3");
    assertThat(before(graph, "1.2.node1", "1.3.node3")).isTrue();
    assertThat(before(graph, "1.1.node3", "1.2.node1")).isTrue();

    TaskGraph none = TaskGraphBuilder.on(THREE).skipping((task, node) -> task != backup)
        .add(playbook(play("all", List.of(), "linear", task("stop"), backup, task("start"))), "").build();
    assertWellFormed(none);
    assertThat(none.order()).extracting(Vertex::id).doesNotContain("1.2.done-batch1");
    assertThat(before(none, "1.1.node2", "1.3.node1")).isTrue();
  }

  @Test
  void nothingToDoIsAnEmptyGraph() {
    TaskGraph pruned = TaskGraphBuilder.on(THREE).skipping((task, node) -> false)
        .add(playbook(play("all", List.of(), "linear", task("stop"))), "").build();
    TaskGraph noTasks = build(play("all", List.of(), "linear"));

    assertThat(pruned.isEmpty()).isTrue();
    assertThat(noTasks.isEmpty()).isTrue();
    assertThat(noTasks.phases()).isEmpty();
    assertThat(build(play("all", List.of(), "linear", task("stop"))).isEmpty()).isFalse();
  }

  @Test
  void aLimitKeepsOnlyItsNodesAndAnUnknownNodeIsRefused() {
    TaskGraph graph = TaskGraphBuilder.on(THREE).limit(List.of("node3", "node2"))
        .add(playbook(play("all", List.of(1), "linear", task("restart")), play("first", List.of(), "linear",
            task("edit"))), "").build();

    assertThat(graph.phases()).singleElement().extracting(Phase::hosts).isEqualTo(List.of("node2", "node3"));
    assertThat(ids(graph.tasks())).containsExactly("1.1.node2", "1.1.node3");
    assertThat(TaskGraphBuilder.on(THREE).limit(List.of()).add(playbook(play("all", List.of(), "linear",
        task("x"))), "").build().tasks()).hasSize(3);
    assertThatThrownBy(() -> TaskGraphBuilder.on(THREE).limit(List.of("node1", "node9")))
        .isInstanceOfSatisfying(OrchestrateException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
        .hasMessageContaining("'node9'").hasMessageContaining("node1, node2, node3");
  }

  @Test
  void hostsNamingNoNodeOrGroupIsAnErrorAtThePlaysLine() {
    assertThatThrownBy(() -> TaskGraphBuilder.on(THREE).add(playbook(play("confluense", List.of(), "linear",
        task("x"))), ""))
        .isInstanceOf(InvalidFileException.class)
        .hasMessageContaining("site.yml:7:3")
        .hasMessageContaining("hosts 'confluense'");
  }

  @Test
  void theSameInputsGiveTheSameIdsAndReasonsAreKeptPerNodeInOrder() {
    Playbook playbook = playbook(play("all", List.of(1), "linear", task("stop"), task("start")));
    TaskGraph once = TaskGraphBuilder.on(THREE).add(playbook, "").reason("node2", "a").reason("node1", "b")
        .reason("node2", "c").build();
    TaskGraph again = TaskGraphBuilder.on(THREE).add(playbook, "").build();

    assertThat(ids(once.order())).isEqualTo(ids(again.order()));
    assertThat(once.reasons()).containsExactly(Map.entry("node2", List.of("a", "c")), Map.entry("node1", List.of("b")));
    assertThat(once.task(vertex(once, "1.2.node3")).name()).isEqualTo("start");
    List<String> kinds = new ArrayList<>();
    once.order().forEach(v -> kinds.add(v.kind() + ":" + v.node()));
    assertThat(kinds).filteredOn(k -> !k.startsWith("TASK:")).allMatch(k -> k.endsWith(":"));
  }
}
