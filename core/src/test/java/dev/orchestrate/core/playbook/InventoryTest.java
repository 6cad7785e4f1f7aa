package dev.orchestrate.core.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryTest {
  private final Inventory inventory = new Inventory(List.of("node1", "node2", "node3", "node4"),
      Map.of("confluence", List.of("node1", "node2", "node3", "node4"), "first", List.of("node1"),
          "others", List.of("node2", "node3", "node4"), "synchrony", List.of("node3", "node1")),
      Map.of());

  /** Ansible's inventory manager keeps the pattern's order, and a group's own (order: inventory, the default). */
  @Test
  void selectsAsAnsiblePatternsDoInTheOrderTheyNameNodes() {
    assertThat(inventory.select("all")).containsExactly("node1", "node2", "node3", "node4");
    assertThat(inventory.select("synchrony")).containsExactly("node3", "node1");
    assertThat(inventory.select("confluence:!first")).containsExactly("node2", "node3", "node4");
    assertThat(inventory.select("node4,node2")).containsExactly("node4", "node2");
    assertThat(inventory.select("node4,confluence")).containsExactly("node4", "node1", "node2", "node3");
    assertThat(inventory.select("others:&synchrony")).containsExactly("node3");
    assertThat(inventory.select("first:node3")).containsExactly("node1", "node3");
  }

  @Test
  void namesAnUnknownWord() {
    assertThatThrownBy(() -> inventory.select("confluence:nodes"))
        .hasMessageContaining("'nodes' is neither a node nor a group");
  }
}
