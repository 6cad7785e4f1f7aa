package dev.orchestrate.core.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.executor.TaskOutcome;
import dev.orchestrate.core.executor.TaskOutcome.Status;
import dev.orchestrate.core.graph.Vertex;
import dev.orchestrate.core.report.Redactor;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.LocalTransport;
import dev.orchestrate.core.undo.RemoveCreated;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the journal writes for each event, on a real disk through a real shell, and what {@link
 * JournalReader} makes of it again: whole, resumed, and cut off in the middle of a line.
 */
class JournalTest {
  private static final String SECRET = "license-AAAB-9f8e7d6c";

  @TempDir
  Path dir;

  private final LocalTransport local = new LocalTransport();
  private final Vertex stop = new Vertex("1.1.node1", Vertex.Kind.TASK, 0, 0, 0, "node1");
  private final Vertex start = new Vertex("1.2.node1", Vertex.Kind.TASK, 0, 0, 1, "node1");

  private ClusterState state() {
    SshSettings ssh = new SshSettings("tester", 22, Optional.empty(), Optional.empty(), Optional.empty(),
        Path.of("/dev/null"), SshSettings.Become.NONE, Duration.ofSeconds(5));
    return new ClusterState(new Host("node1", "127.0.0.1", ssh), RemotePath.of(dir.resolve("state").toString()));
  }

  private Journal open(String run, boolean resumed, UnaryOperator<String> redact) {
    return Journal.open(local, state(), run, Map.of("command", "apply", "cluster", "wiki"), resumed, redact);
  }

  private Path file(String run) {
    return dir.resolve("state/runs/" + run + ".jsonl");
  }

  private List<Map<String, Object>> records(String run) throws Exception {
    return Files.readAllLines(file(run)).stream().map(Json::read).toList();
  }

  private static TaskOutcome outcome(Vertex vertex, Status status, Map<String, Object> result) {
    return new TaskOutcome(vertex, "Stop Confluence", status, "done", result, List.of(new RemoveCreated("/opt/x")),
        Duration.ofMillis(1234));
  }

  @Test
  void eachEventIsOneLineWithItsFieldsAndTheRunBecomesTheLast() throws Exception {
    Instant before = Instant.now();
    Journal journal = open("run-1", false, Redactor.none());
    journal.before(stop, "Stop Confluence");
    journal.intend(stop, "Stop Confluence", new RemoveCreated("/opt/x"));
    journal.after(outcome(stop, Status.CHANGED, Map.of("rc", 0, "stdout", "stopped")));
    journal.finish("succeeded", "1 changed");

    assertThat(Files.readString(dir.resolve("state/last-run"))).isEqualTo("run-1\n");
    assertThat(journal.location()).isEqualTo("node1:" + file("run-1"));
    List<Map<String, Object>> records = records("run-1");
    assertThat(records).extracting(r -> r.get("type")).containsExactly("run", "start", "intent", "end", "finish");
    assertThat(records.get(0)).containsEntry("command", "apply").containsEntry("cluster", "wiki");
    assertThat(records.get(1)).containsOnlyKeys("type", "run", "vertex", "node", "at", "task")
        .containsEntry("run", "run-1").containsEntry("vertex", "1.1.node1").containsEntry("node", "node1")
        .containsEntry("task", "Stop Confluence");
    assertThat(Instant.parse((String) records.get(1).get("at"))).isBetween(before, Instant.now());
    assertThat(records.get(2)).containsEntry("undo", Map.of("kind", "remove_path", "path", "/opt/x"));
    String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
        String.valueOf(outcome(stop, Status.CHANGED, Map.of("rc", 0, "stdout", "stopped")).result())
            .getBytes(StandardCharsets.UTF_8)));
    assertThat(records.get(3)).containsEntry("status", "changed").containsEntry("elapsed_ms", 1234)
        .containsEntry("message", "done").containsEntry("output_sha256", digest)
        .containsEntry("undo", List.of(Map.of("kind", "remove_path", "path", "/opt/x")))
        .doesNotContainKey("registered");
    assertThat(records.get(4)).containsEntry("status", "succeeded").containsEntry("detail", "1 changed");
  }

  @Test
  void theReaderTellsWhatWasDoneWhatWasCutOffAndHowTheRunEnded() {
    Journal journal = open("run-2", false, Redactor.none());
    journal.before(stop, "Stop");
    journal.after(outcome(stop, Status.OK, Map.of()));
    journal.before(start, "Start");
    journal.intend(start, "Start", new RemoveCreated("/opt/y"));

    JournalReader.PastRun run = JournalReader.last(local, state()).orElseThrow();

    assertThat(run.run()).isEqualTo("run-2");
    assertThat(run.command()).isEqualTo("apply");
    assertThat(run.done()).containsExactly("1.1.node1");
    assertThat(run.interrupted()).containsExactly("1.2.node1");
    assertThat(run.isUnfinished()).isTrue();
    assertThat(run.mayHaveChanged()).isTrue();
    assertThat(run.changes()).extracting(c -> c.get("type") + " " + c.get("vertex"))
        .containsExactly("end 1.1.node1", "intent 1.2.node1");

    journal.after(outcome(start, Status.FAILED, Map.of()));
    journal.finish("failed", "Start failed on node1");
    JournalReader.PastRun ended = JournalReader.read(local, state(), "run-2").orElseThrow();
    assertThat(ended.done()).as("a failed task is not done").containsExactly("1.1.node1");
    assertThat(ended.interrupted()).isEmpty();
    assertThat(ended.finishStatus()).contains("failed");
    assertThat(ended.succeeded()).isFalse();
  }

  @Test
  void aJournalCutInTheMiddleOfALineKeepsEverythingBeforeIt() throws Exception {
    Journal journal = open("run-3", false, Redactor.none());
    journal.before(stop, "Stop");
    journal.after(outcome(stop, Status.CHANGED, Map.of()));
    journal.before(start, "Start");
    journal.after(outcome(start, Status.CHANGED, Map.of()));
    byte[] whole = Files.readAllBytes(file("run-3"));
    String text = new String(whole, StandardCharsets.UTF_8);
    int lastLine = text.lastIndexOf('\n', text.length() - 2) + 1;
    Files.write(file("run-3"), java.util.Arrays.copyOf(whole, lastLine + 40));

    JournalReader.Journaled read = JournalReader.readDigested(local, state(), "run-3").orElseThrow();

    assertThat(read.run().done()).containsExactly("1.1.node1");
    assertThat(read.run().interrupted()).as("started, and its end record cut off").containsExactly("1.2.node1");
    assertThat(read.run().isUnfinished()).isTrue();
    assertThat(read.sha256()).isEqualTo(Journal.sha256(Files.readAllBytes(file("run-3"))))
        .isNotEqualTo(Journal.sha256(whole));
  }

  @Test
  void aResumedRunAppendsToItsJournalAndIsUnfinishedUntilItEndsAgain() throws Exception {
    Journal first = open("run-4", false, Redactor.none());
    first.before(stop, "Stop");
    first.finish("stopped", "interrupted");
    assertThat(JournalReader.last(local, state()).orElseThrow().finishStatus()).contains("stopped");

    Journal resumed = open("run-4", true, Redactor.none());
    assertThat(records("run-4")).extracting(r -> r.get("type")).containsExactly("run", "start", "finish", "resume");
    assertThat(JournalReader.last(local, state()).orElseThrow().isUnfinished()).isTrue();

    resumed.after(outcome(stop, Status.OK, Map.of()));
    resumed.finish("succeeded", "");
    JournalReader.PastRun run = JournalReader.last(local, state()).orElseThrow();
    assertThat(run.succeeded()).isTrue();
    assertThat(run.done()).containsExactly("1.1.node1");
    assertThat(run.header()).containsEntry("command", "apply");
  }

  @Test
  void onlyTheResultsAskedForAreKeptAndATooLongOneIsNot() {
    Vertex big = new Vertex("1.3.node1", Vertex.Kind.TASK, 0, 0, 2, "node1");
    Journal journal = open("run-5", false, Redactor.none()).keepingResultsOf(Set.of("1.1.node1", "1.3.node1"));
    journal.after(outcome(stop, Status.OK, Map.of("stdout", "1700000000")));
    journal.after(outcome(start, Status.OK, Map.of("stdout", "not asked for")));
    journal.after(outcome(big, Status.OK, Map.of("stdout", "x".repeat(40 * 1024))));

    JournalReader.PastRun run = JournalReader.last(local, state()).orElseThrow();

    assertThat(run.done()).containsExactlyInAnyOrder("1.1.node1", "1.2.node1", "1.3.node1");
    assertThat(run.registered()).containsOnlyKeys("1.1.node1");
    assertThat(run.registered().get("1.1.node1")).containsEntry("stdout", "1700000000");
  }

  @Test
  void noSecretReachesTheJournal() throws Exception {
    Journal journal = Journal.open(local, state(), "run-6", Map.of("command", "apply", "note", "key " + SECRET), false,
        Redactor.of(List.of(SECRET))).keepingResultsOf(Set.of("1.1.node1"));
    journal.before(stop, "Install " + SECRET);
    journal.after(new TaskOutcome(stop, "Install " + SECRET, Status.FAILED, "rejected \"" + SECRET + "\"",
        Map.of("stdout", SECRET + "\n"), List.of(), Duration.ZERO));
    journal.finish("failed", "license " + SECRET + " rejected");

    String text = Files.readString(file("run-6"));
    assertThat(text).doesNotContain(SECRET).contains(Redactor.MASK);
    assertThat(records("run-6")).hasSize(4);
  }

  @Test
  void aJournalThatCannotBeWrittenStopsTheRunSayingWhere() throws Exception {
    Files.writeString(dir.resolve("state"), "a file where the folder should be");

    assertThatThrownBy(() -> open("run-7", false, Redactor.none()))
        .isInstanceOfSatisfying(OrchestrateException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.TASK_FAILED))
        .hasMessageContaining("cannot write the journal node1:" + file("run-7"))
        .hasMessageContaining("could not be recorded");
  }

  @Test
  void aClusterWithoutRunsHasNoLastRun() {
    assertThat(JournalReader.last(local, state())).isEmpty();
    assertThat(JournalReader.read(local, state(), "run-0")).isEmpty();
  }
}
