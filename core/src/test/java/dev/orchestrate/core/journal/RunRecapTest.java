package dev.orchestrate.core.journal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@code rollback --list} says of a run, from its journal as written. */
class RunRecapTest {
  private static RunRecap recap(String... lines) {
    return RunRecap.of(JournalReader.parse("run-1", String.join("\n", lines) + "\n"));
  }

  @Test
  void undoRecordsAreCountedByKindWhereverTheEndRecordNestsThem() {
    RunRecap recap = recap(
        "{\"type\":\"run\",\"command\":\"apply\",\"started\":\"2026-12-01T03:00:00Z\"}",
        "{\"type\":\"end\",\"vertex\":\"a\",\"node\":\"node2\",\"status\":\"changed\",\"undo\":"
            + "{\"kind\":\"restore_file\",\"path\":\"/x\"}}",
        "{\"type\":\"end\",\"vertex\":\"b\",\"node\":\"node1\",\"status\":\"changed\",\"undo\":[{\"items\":["
            + "{\"kind\":\"restore_file\"},[{\"kind\":\"remove_path\"}]]},{\"kind\":\"restore_file\"}]}",
        "{\"type\":\"end\",\"vertex\":\"c\",\"node\":\"node3\",\"status\":\"ok\",\"undo\":{}}",
        "{\"type\":\"finish\",\"status\":\"failed\"}");

    assertThat(recap.undoByKind()).containsOnly(java.util.Map.entry("restore_file", 3),
        java.util.Map.entry("remove_path", 1));
    assertThat(recap.nodes()).containsExactly("node1", "node2");
    assertThat(recap.changes()).isEqualTo("undo records: 1 remove_path, 3 restore_file; nodes: node1, node2");
    assertThat(recap.command()).isEqualTo("apply");
    assertThat(recap.started()).isEqualTo("2026-12-01T03:00:00Z");
    assertThat(recap.ended()).isEqualTo("failed");
  }

  @Test
  void aChangedTaskWithoutUndoRecordsNamesItsNode() {
    RunRecap recap = recap("{\"type\":\"run\",\"command\":\"apply\"}",
        "{\"type\":\"end\",\"vertex\":\"a\",\"node\":\"node3\",\"status\":\"changed\"}",
        "{\"type\":\"end\",\"vertex\":\"b\",\"node\":\"node1\",\"status\":\"ok\"}");

    assertThat(recap.changes()).isEqualTo("changed node3, with nothing to undo");
    assertThat(recap.started()).as("a header without a start time").isEqualTo("?");
  }

  @Test
  void aRunCutOffSaysSoAndNamesTheTasksItWasIn() {
    assertThat(recap("{\"type\":\"run\",\"command\":\"apply\"}",
        "{\"type\":\"start\",\"vertex\":\"1.1.node1\"}",
        "{\"type\":\"start\",\"vertex\":\"1.1.node2\"}",
        "{\"type\":\"end\",\"vertex\":\"1.1.node2\",\"node\":\"node2\",\"status\":\"ok\"}",
        "{\"type\":\"start\",\"vertex\":\"1.2.node2\",\"no").ended()).isEqualTo("cut off during 1.1.node1");
    assertThat(recap("{\"type\":\"run\",\"command\":\"rollback\"}").ended()).isEqualTo("cut off");
    assertThat(recap("{\"type\":\"run\",\"command\":\"rollback\"}").changes()).isEqualTo("changed nothing");
  }
}
