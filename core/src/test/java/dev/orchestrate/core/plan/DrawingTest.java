package dev.orchestrate.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.graph.TaskGraph;
import dev.orchestrate.core.graph.Vertex;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DrawingTest {
  static Stream<TaskGraph> graphs() {
    return Stream.of(TestPlans.migrationGraph(), TestPlans.barrierPlan().graph());
  }

  @ParameterizedTest
  @MethodSource("graphs")
  void keepsExactlyTheOrderingsOfTheGraphBetweenTasks(TaskGraph graph) {
    Drawing drawing = Drawing.of(graph);
    Map<Vertex, Set<Vertex>> reachable = reachability(drawing);

    for (Vertex earlier : graph.tasks()) {
      for (Vertex later : graph.tasks()) {
        assertThat(reachable.get(earlier).contains(later)).as(earlier + " before " + later)
            .isEqualTo(graph.happensBefore(earlier, later));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("graphs")
  void drawsNoMoreEdgesThanTheGraphHasAndEveryTask(TaskGraph graph) {
    Drawing drawing = Drawing.of(graph);

    assertThat(drawing.edges().size()).isLessThanOrEqualTo(graph.graph().edges().size());
    assertThat(drawing.vertices()).containsAll(graph.tasks());
    assertThat(drawing.edges()).allSatisfy(edge ->
        assertThat(drawing.vertices()).contains(edge.from(), edge.to()));
  }

  @ParameterizedTest
  @MethodSource("graphs")
  void keepsAGateOnlyBetweenSeveralVerticesAndSeveralVertices(TaskGraph graph) {
    Drawing drawing = Drawing.of(graph);

    for (Vertex gate : drawing.vertices()) {
      if (!gate.isTask()) {
        assertThat(drawing.edges().stream().filter(edge -> edge.to().equals(gate)).count()).as(gate.id()).isGreaterThan(1);
        assertThat(drawing.edges().stream().filter(edge -> edge.from().equals(gate)).count()).as(gate.id()).isGreaterThan(1);
      }
    }
  }

  @Test
  void drawsASerialPlayAsAChainOfTasks() {
    Drawing drawing = Drawing.of(TestPlans.migrationGraph());

    assertThat(drawing.edges()).extracting(edge -> edge.from().id() + " -> " + edge.to().id())
        .contains("1.1.node1 -> 1.2.node1", "1.2.node1 -> 1.1.node2", "1.1.node2 -> 1.2.node2",
            "1.2.node2 -> 2.1.node1");
  }

  @Test
  void keepsTheBarrierOfALinearPlayOnSeveralNodes() {
    Drawing drawing = Drawing.of(TestPlans.barrierPlan().graph());

    assertThat(drawing.vertices()).extracting(Vertex::id).contains("2.1.done-batch1")
        .doesNotContain("1.1.done-batch1", "2.2.done-batch1", "3.batch2.done");
  }

  @Test
  void wrapsLongTitlesAtSpaces() {
    assertThat(Drawing.wrap("Move the contents of <local home>/shared-home into the shared home", 32))
        .containsExactly("Move the contents of <local", "home>/shared-home into the", "shared home");
    assertThat(Drawing.wrap("short", 32)).containsExactly("short");
  }

  private static Map<Vertex, Set<Vertex>> reachability(Drawing drawing) {
    Map<Vertex, List<Vertex>> successors = new HashMap<>();
    drawing.edges().forEach(edge -> successors.computeIfAbsent(edge.from(), v -> new ArrayList<>()).add(edge.to()));
    Map<Vertex, Set<Vertex>> reachable = new HashMap<>();
    for (Vertex start : drawing.vertices()) {
      Set<Vertex> seen = new HashSet<>();
      Deque<Vertex> pending = new ArrayDeque<>(successors.getOrDefault(start, List.of()));
      while (!pending.isEmpty()) {
        Vertex next = pending.pop();
        if (seen.add(next)) {
          pending.addAll(successors.getOrDefault(next, List.of()));
        }
      }
      reachable.put(start, seen);
    }
    return reachable;
  }
}
