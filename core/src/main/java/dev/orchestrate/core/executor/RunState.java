package dev.orchestrate.core.executor;

import dev.orchestrate.core.graph.Phase;
import dev.orchestrate.core.playbook.Inventory;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a walk learns as it goes, shared by its threads: each node's registered results and
 * {@code set_fact} values, and which nodes have failed (in which phase). A failed node runs no
 * further task of the run, as in Ansible.
 */
final class RunState {
  private final Inventory inventory;
  private final Map<String, Map<String, Object>> learned = new ConcurrentHashMap<>();
  private final Map<String, Integer> failedInPhase = new ConcurrentHashMap<>();
  private final Set<String> unreachable = ConcurrentHashMap.newKeySet();
  private final Map<String, Object> hostvars;

  RunState(Inventory inventory) {
    this.inventory = inventory;
    inventory.nodes().forEach(node -> learned.put(node, new ConcurrentHashMap<>()));
    Map<String, Object> views = new LinkedHashMap<>();
    inventory.nodes().forEach(node -> views.put(node, new NodeView(node)));
    this.hostvars = Collections.unmodifiableMap(views);
  }

  Inventory inventory() {
    return inventory;
  }

  boolean hasFailed(String node) {
    return failedInPhase.containsKey(node);
  }

  void fail(String node, int phase, boolean unreachableNode) {
    failedInPhase.putIfAbsent(node, phase);
    if (unreachableNode) {
      unreachable.add(node);
    }
  }

  /** Nodes of {@code batch} that were still in the run when {@code phase} began. */
  List<String> aliveAtStart(Phase phase, List<String> batch) {
    return batch.stream().filter(n -> failedInPhase.getOrDefault(n, Integer.MAX_VALUE) >= phase.index()).toList();
  }

  /** Nodes of {@code batch} that failed during {@code phase}. */
  List<String> failedDuring(Phase phase, List<String> batch) {
    return batch.stream().filter(n -> failedInPhase.getOrDefault(n, -1) == phase.index()).toList();
  }

  void learn(String node, String name, Object value) {
    learned.get(node).put(name, value == null ? NULL : value);
  }

  /**
   * The variables a task on {@code node} sees, lowest precedence first: the node's own (topology,
   * facts), the play's vars, the task's vars, what the run learned (registered results, {@code
   * set_fact}: above a task's vars in Ansible too), and Ansible's magic variables. Play and task vars are templates themselves:
   * {@code render} renders each against what is known at that point; one that cannot be
   * rendered yet (it names a result still to come) stays as written, as Ansible's lazy
   * rendering would not have looked at it.
   */
  Map<String, Object> variables(String node, Phase phase, List<String> batch, Map<String, Object> taskVars,
      java.util.function.BiFunction<Object, Map<String, Object>, Object> render) {
    Map<String, Object> variables = new LinkedHashMap<>(inventory.hostVars().getOrDefault(node, Map.of()));
    variables.put("inventory_hostname", node);
    variables.put("inventory_hostname_short", node);
    variables.put("groups", groups());
    variables.put("hostvars", hostvars);
    // As in Ansible, a node that failed (in this play or an earlier one) is no longer in the batch.
    List<String> live = batch.stream().filter(n -> !hasFailed(n)).toList();
    variables.put("ansible_play_batch", live);
    variables.put("ansible_play_hosts", phase.hosts().stream().filter(n -> !hasFailed(n)).toList());
    variables.put("ansible_play_hosts_all", phase.hosts());
    variables.put("play_hosts", live);
    learned.get(node).forEach((k, v) -> variables.put(k, v == NULL ? null : v));
    phase.play().vars().forEach((name, value) -> {
      if (!learned.get(node).containsKey(name)) {
        variables.put(name, render.apply(value, variables));
      }
    });
    taskVars.forEach((name, value) -> {
      if (!learned.get(node).containsKey(name)) {
        variables.put(name, render.apply(value, variables));
      }
    });
    return variables;
  }

  private Map<String, Object> groups() {
    Map<String, Object> groups = new LinkedHashMap<>();
    groups.put("all", inventory.nodes());
    groups.putAll(inventory.groups());
    return groups;
  }

  private static final Object NULL = new Object();

  /** {@code hostvars[node]}: that node's variables as they are at the moment of reading. */
  private final class NodeView extends AbstractMap<String, Object> {
    private final String node;

    NodeView(String node) {
      this.node = node;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      Map<String, Object> all = new LinkedHashMap<>(inventory.hostVars().getOrDefault(node, Map.of()));
      learned.get(node).forEach((k, v) -> all.put(k, v == NULL ? null : v));
      all.put("inventory_hostname", node);
      return all.entrySet();
    }
  }
}
