package dev.orchestrate.core.executor;

import dev.orchestrate.core.graph.Phase;
import dev.orchestrate.core.graph.TaskGraph;
import dev.orchestrate.core.graph.Vertex;
import dev.orchestrate.core.playbook.Task;
import dev.orchestrate.core.template.Templar;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a task runs and who receives its result. A {@code run_once} task runs on the first node
 * of its batch still in the run, and every node of the batch still in the run receives its result,
 * as in Ansible; a task with {@code delegate_to} acts on that host on its node's behalf.
 */
final class Routing {
  /** A task placed: the node it runs for, in which phase and batch. */
  record Placement(Vertex vertex, Task task, Phase phase, List<String> batch, String node) {
    Placement {
      batch = List.copyOf(batch);
    }
  }

  private final TaskGraph graph;
  private final RunState state;
  private final Templar templar;

  Routing(TaskGraph graph, RunState state, Templar templar) {
    this.graph = graph;
    this.state = state;
    this.templar = templar;
  }

  Placement place(Vertex vertex) {
    Phase phase = graph.phase(vertex);
    Task task = graph.task(vertex);
    List<String> batch = phase.batches().get(vertex.batch());
    String node = vertex.node();
    if (task.runOnce()) {
      node = batch.stream().filter(n -> !state.hasFailed(n)).findFirst().orElse(node);
    }
    return new Placement(vertex, task, phase, batch, node);
  }

  /** The host the task acts on: its {@code delegate_to}, rendered, or its own node. */
  String executeOn(Placement placement, Map<String, Object> variables) {
    return placement.task().delegateTo().map(d -> String.valueOf(templar.render(d, variables)))
        .orElse(placement.node());
  }

  /** The nodes that receive the task's result now that it has ended. */
  List<String> receivers(Placement placement) {
    return placement.task().runOnce()
        ? placement.batch().stream().filter(n -> !state.hasFailed(n)).toList() : List.of(placement.node());
  }

  /** Gives each receiver the result under the {@code register} name, and the facts a task that did not fail set. */
  void share(List<String> receivers, Optional<String> register, Attempt attempt) {
    for (String receiver : receivers) {
      register.ifPresent(name -> state.learn(receiver, name, attempt.registered()));
      if (!attempt.failed() && attempt.registered().get("ansible_facts") instanceof Map<?, ?> facts) {
        facts.forEach((name, value) -> state.learn(receiver, String.valueOf(name), value));
      }
    }
  }
}
