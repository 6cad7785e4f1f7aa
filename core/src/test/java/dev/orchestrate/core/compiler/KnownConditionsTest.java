package dev.orchestrate.core.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.facts.Facts;
import dev.orchestrate.core.playbook.Inventory;
import dev.orchestrate.core.playbook.Task;
import dev.orchestrate.core.template.Templar;
import dev.orchestrate.core.topology.TestClusters;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which conditions are decided before the run, and what they decide on each node. */
class KnownConditionsTest {
  private static final Facts FACTS = Found.facts(Found.node("node1"), Found.node("node2").stopped(),
      Found.node("node3").empty());
  private static final Inventory INVENTORY = Compiler.inventory(TestClusters.threeNodes(), FACTS);
  private static final KnownConditions KNOWN = KnownConditions.of(INVENTORY,
      Templar.create(TestClusters.environment(Path.of("/nonexistent-home")), Path.of(".")));

  private static Task task(List<Object> when, Map<String, Object> vars, Optional<Object> loop) {
    return Task.builder("t", "command").when(when).loop(loop).vars(vars).build();
  }

  private static List<String> runsOn(Object... when) {
    Task task = task(List.of(when), Map.of(), Optional.empty());
    return INVENTORY.nodes().stream().filter(node -> KNOWN.mayRun(task, node)).toList();
  }

  @Test
  void onlyConditionsOnWhatNoTaskChangesAreFixed() {
    assertThat(List.of(
        "inventory_hostname in groups['first']",
        "node.name != 'node1' and not facts.clustered",
        "facts.state is not none",
        "groups.others | length > 1",
        "cluster.name == \"wiki\" or ansible_host == 'x'"))
        .allMatch(KnownConditions::isFixed);
    assertThat(List.of(
        "result.rc == 0",
        "marker is defined",
        "port == 8090",
        "'{{ inventory_hostname }}' == 'node1'",
        "{% if true %}true{% endif %}"))
        .noneMatch(KnownConditions::isFixed);
    assertThat(KnownConditions.isFixed(Boolean.FALSE)).isTrue();
    assertThat(KnownConditions.isFixed(42)).as("neither text nor a boolean").isFalse();
  }

  @Test
  void fixedConditionsAreDecidedPerNodeFromTheTopologyFactsAndGroups() {
    assertThat(runsOn("inventory_hostname in groups['first']")).containsExactly("node1");
    assertThat(runsOn("inventory_hostname in groups['new_nodes']")).containsExactly("node3");
    assertThat(runsOn("facts.installed", "node.name != 'node1'")).as("every condition must hold")
        .containsExactly("node2");
    assertThat(runsOn("inventory_hostname in groups['all']")).containsExactly("node1", "node2", "node3");
    assertThat(runsOn(false)).isEmpty();
    assertThat(runsOn(true)).containsExactly("node1", "node2", "node3");
  }

  @Test
  void whatCannotBeKnownBeforeTheRunIsLeftToTheRun() {
    assertThat(runsOn("result.rc == 0", "inventory_hostname == 'nobody'")).as("the fixed one still decides").isEmpty();
    assertThat(runsOn("result.rc == 0")).containsExactly("node1", "node2", "node3");
    assertThat(runsOn("nodes[7].name == 'node1'")).as("a condition that fails to evaluate")
        .containsExactly("node1", "node2", "node3");
    Task withVars = task(List.of("inventory_hostname == 'node1'"), Map.of("inventory_hostname", "node1"),
        Optional.empty());
    Task looping = task(List.of("inventory_hostname == 'node1'"), Map.of(), Optional.of(List.of(1, 2)));
    assertThat(KNOWN.mayRun(withVars, "node2")).as("task vars may shadow a fixed name").isTrue();
    assertThat(KNOWN.mayRun(looping, "node2")).as("a loop's item may be what the condition reads").isTrue();
  }

  /** Jinja reads an {@code and} left to right and stops at the first false part, so only leading fixed parts decide. */
  @Test
  void aFalseFixedPartBeforeAnyPartTheRunDecidesLeavesTheTaskOut() {
    assertThat(runsOn("inventory_hostname in groups['new_nodes'] and source.facts.service_user is not none"))
        .containsExactly("node3");
    assertThat(runsOn("node.name != 'node1' and facts.installed and result.rc == 0")).containsExactly("node2");
    assertThat(runsOn("result.rc == 0 and inventory_hostname in groups['new_nodes']"))
        .as("a part the run decides comes first: it is read first, and may fail the task")
        .containsExactly("node1", "node2", "node3");
    assertThat(runsOn("inventory_hostname in groups['new_nodes'] or result.rc == 0"))
        .containsExactly("node1", "node2", "node3");
    assertThat(runsOn("inventory_hostname == 'nobody' and (result.rc == 0)"))
        .as("parentheses: left to the run").containsExactly("node1", "node2", "node3");
  }

  /** The shortcuts (memberships looked up, shared parts decided once) give what the templar gives. */
  @Test
  void theShortcutsDecideAsTheTemplarDoes() {
    Templar templar = Templar.create(TestClusters.environment(Path.of("/nonexistent-home")), Path.of("."));
    List<String> conditions = List.of(
        "inventory_hostname in groups['new_nodes']",
        "inventory_hostname not in groups['first']",
        "inventory_hostname in groups[ 'all' ]",
        "groups['new_nodes'] | length > 0",
        "cluster.name == 'nobody' and inventory_hostname in groups['all']",
        "inventory_hostname in groups['all'] and not facts.installed",
        "not facts.installed and inventory_hostname not in groups['first']",
        "node.name == 'node2' and cluster.name != 'x and y'",
        "inventory_hostname in groups['no_such_group']",
        "facts.installed or inventory_hostname in groups['first']",
        "'node1' if inventory_hostname in groups['first'] and true else ''");
    for (String condition : conditions) {
      List<String> expected = INVENTORY.nodes().stream().filter(node -> {
        try {
          return templar.test(condition, Map.of("groups", groupsWithAll(), "inventory_hostname", node,
              "facts", INVENTORY.hostVars().get(node).get("facts"), "node", INVENTORY.hostVars().get(node).get("node"),
              "cluster", INVENTORY.hostVars().get(node).get("cluster")));
        } catch (RuntimeException e) {
          return true;
        }
      }).toList();
      assertThat(runsOn(condition)).as(condition).isEqualTo(expected);
    }
    assertThat(runsOn("inventory_hostname not in groups['first']")).containsExactly("node2", "node3");
    assertThat(runsOn("groups['new_nodes'] | length > 0")).containsExactly("node1", "node2", "node3");
    assertThat(runsOn("groups['new_nodes'] | length > 5")).isEmpty();
  }

  private static Map<String, Object> groupsWithAll() {
    Map<String, Object> groups = new java.util.LinkedHashMap<>(INVENTORY.groups());
    groups.put("all", INVENTORY.nodes());
    return groups;
  }
}
