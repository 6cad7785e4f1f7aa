package dev.orchestrate.core.journal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A journal's intent records reach the rollback, whether the task ended, failed, or was killed before it could. */
class JournalIntentsTest {
  private static final String JOURNAL = """
      {"type":"run","run":"r1","command":"apply"}
      {"type":"start","run":"r1","vertex":"2.0.node1","node":"node1","task":"Edit"}
      {"type":"intent","run":"r1","vertex":"2.0.node1","node":"node1","task":"Edit","undo":{"kind":"remove_path","path":"/a"}}
      {"type":"end","run":"r1","vertex":"2.0.node1","node":"node1","task":"Edit","status":"changed","undo":[{"kind":"remove_path","path":"/a"}]}
      {"type":"start","run":"r1","vertex":"3.0.node1","node":"node1","task":"Move"}
      {"type":"intent","run":"r1","vertex":"3.0.node1","node":"node1","task":"Move","undo":{"kind":"move","src":"/b","dest":"/c","contents":false,"entries":[]}}
      {"type":"intent","run":"r1","vertex":"3.0.no
      """;

  @Test
  void intentsAreKeptInJournalOrderWithTheEndRecordsAndACutOffLineIsLeftOut() {
    JournalReader.PastRun run = JournalReader.parse("r1", JOURNAL);

    assertThat(run.changes()).extracting(line -> line.get("type") + " " + line.get("vertex"))
        .containsExactly("intent 2.0.node1", "end 2.0.node1", "intent 3.0.node1");
    assertThat(run.ends()).hasSize(1);
    assertThat(run.done()).containsExactly("2.0.node1");
    assertThat(run.interrupted()).containsExactly("3.0.node1");
  }
}
