package dev.orchestrate.core.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.executor.TaskOutcome.Status;
import dev.orchestrate.core.graph.Vertex;
import dev.orchestrate.core.undo.SetAside;
import dev.orchestrate.core.undo.UndoRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a task changes reaches the recorder: before the change, and in the end record whatever fails later. */
class UndoRecordingTest {
  @TempDir
  Path dir;

  private final List<String> journal = Collections.synchronizedList(new ArrayList<>());
  private final List<TaskOutcome> ends = Collections.synchronizedList(new ArrayList<>());

  /** A recorder that notes, at each intent, whether the file the record names is there yet. */
  private final Recorder recorder = new Recorder() {
    @Override
    public void before(Vertex vertex, String title) {
      journal.add("start " + title);
    }

    @Override
    public void intend(Vertex vertex, String title, UndoRecord record) {
      String path = ((SetAside) record).path();
      journal.add("intent " + Path.of(path).getFileName() + (Files.exists(Path.of(path)) ? " (there)" : " (not there)"));
    }

    @Override
    public void after(TaskOutcome outcome) {
      journal.add("end " + outcome.title());
      ends.add(outcome);
    }
  };

  @Test
  void eachChangeIsRecordedBeforeItIsMade() {
    LocalRun run = new LocalRun(dir, "node1").configured((executor, graph) -> executor.recording(recorder));

    RunSummary summary = run.run("""
        - hosts: confluence
          tasks:
            - name: Write the cluster properties
              properties:
                path: %s/cluster.properties
                create: true
                set: {confluence.cluster: "true"}
        """.formatted(dir));

    assertThat(summary.outcomes()).extracting(TaskOutcome::status).containsExactly(Status.CHANGED);
    assertThat(journal).containsExactly("start Write the cluster properties", "intent cluster.properties (not there)",
        "end Write the cluster properties");
    assertThat(dir.resolve("cluster.properties")).exists();
    assertThat(ends.get(0).undo()).containsExactly(SetAside.createdFile(dir.resolve("cluster.properties").toString(),
        ((SetAside) ends.get(0).undo().get(0)).sha256After()));
  }

  @Test
  void aLoopThatFailsOnItsThirdItemKeepsTheUndoOfTheFirstTwo() {
    LocalRun run = new LocalRun(dir, "node1").configured((executor, graph) -> executor.recording(recorder));

    RunSummary summary = run.run("""
        - hosts: confluence
          tasks:
            - name: Write one file per item
              properties:
                path: "%s/{{ item }}{{ no_such_variable if item == 'third' else '' }}.properties"
                create: true
                set: {written: "{{ item }}"}
              loop: [first, second, third]
        """.formatted(dir));

    assertThat(summary.outcomes()).extracting(TaskOutcome::status).containsExactly(Status.FAILED);
    assertThat(dir.resolve("first.properties")).exists();
    assertThat(dir.resolve("second.properties")).exists();
    assertThat(ends).hasSize(1);
    assertThat(ends.get(0).undo()).extracting(record -> ((SetAside) record).path()).containsExactly(
        dir.resolve("first.properties").toString(), dir.resolve("second.properties").toString());
    assertThat(journal).containsSubsequence("intent first.properties (not there)",
        "intent second.properties (not there)", "end Write one file per item");
  }

  @Test
  void aTaskThatFailsAfterItsChangeKeepsItsUndo() {
    LocalRun run = new LocalRun(dir, "node1").configured((executor, graph) -> executor.recording(recorder));

    RunSummary summary = run.run("""
        - hosts: confluence
          tasks:
            - name: Write a file, then call it a failure
              properties:
                path: %s/written.properties
                create: true
                set: {written: "yes"}
              failed_when: true
        """.formatted(dir));

    assertThat(summary.outcomes()).extracting(TaskOutcome::status).containsExactly(Status.FAILED);
    assertThat(ends.get(0).undo()).extracting(record -> ((SetAside) record).path())
        .containsExactly(dir.resolve("written.properties").toString());
  }
}
