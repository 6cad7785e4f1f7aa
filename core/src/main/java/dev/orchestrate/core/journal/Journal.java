package dev.orchestrate.core.journal;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.executor.Recorder;
import dev.orchestrate.core.executor.TaskOutcome;
import dev.orchestrate.core.graph.Vertex;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Shell;
import dev.orchestrate.core.transport.Transport;
import dev.orchestrate.core.undo.UndoRecord;
import dev.orchestrate.core.undo.UndoRecords;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The journal of one run, kept on the cluster ({@link ClusterState}): one JSON object per line,
 * appended and flushed to disk ({@code sync FILE}) before the walk goes on — a header with what
 * the run was compiled from, a record before each task starts, one before each change a task
 * makes ({@code intent}, with the undo record of the change) and one after it ends (with every
 * undo record of the task), and one when the run ends. It never holds a secret: every text passes
 * through the run's redactor first.
 *
 * <p>A run killed at any moment leaves a journal whose tasks with an end record are done, and at
 * most {@code parallel} tasks started and not ended: {@link JournalReader} hands those to the
 * next apply, which skips the first and checks the second again.
 */
public final class Journal implements Recorder {
  private static final int MAX_KEPT_RESULT = 32 * 1024;

  private final Transport transport;
  private final ClusterState state;
  private final String run;
  private final UnaryOperator<String> redact;
  private volatile Set<String> keepResults = Set.of();

  private Journal(Transport transport, ClusterState state, String run, UnaryOperator<String> redact) {
    this.transport = transport;
    this.state = state;
    this.run = run;
    this.redact = redact;
  }

  /**
   * Opens the journal of {@code run}, writing {@code header} (what the run was compiled from),
   * and makes it the cluster's last run. A resumed run appends to its own journal.
   */
  public static Journal open(Transport transport, ClusterState state, String run, Map<String, Object> header,
      boolean resumed, UnaryOperator<String> redact) {
    Journal journal = new Journal(transport, state, run, redact);
    String prepare = "mkdir -p " + Shell.quote(state.runs().value()) + " && printf '%s\\n' " + Shell.quote(run) + " > "
        + Shell.quote(state.lastRun().value()) + ".new && mv " + Shell.quote(state.lastRun().value()) + ".new "
        + Shell.quote(state.lastRun().value());
    journal.execute(prepare);
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("type", resumed ? "resume" : "run");
    record.putAll(header);
    journal.append(record);
    return journal;
  }

  public String run() {
    return run;
  }

  /**
   * Keeps in the end record of each of {@code vertices} what its task registered (redacted like
   * every line), so a resumed run can give it back to the tasks after it ({@link
   * JournalReader.PastRun#registered}). A result longer than {@value #MAX_KEPT_RESULT} characters
   * is not kept: a journal line travels on a command line.
   */
  public Journal keepingResultsOf(Set<String> vertices) {
    this.keepResults = Set.copyOf(vertices);
    return this;
  }

  /** Where the journal lies: host and path, for the person reading the output. */
  public String location() {
    return state.host().name() + ":" + state.journal(run);
  }

  @Override
  public void before(Vertex vertex, String title) {
    Map<String, Object> record = record("start", vertex);
    record.put("task", title);
    append(record);
  }

  /**
   * An {@code intent} record: what the task is about to change, on disk before it changes it. A
   * task killed before its end record leaves its intents as what undoes it ({@link JournalReader}).
   */
  @Override
  public void intend(Vertex vertex, String title, UndoRecord record) {
    Map<String, Object> line = record("intent", vertex);
    line.put("task", title);
    line.put("undo", record.toJson());
    append(line);
  }

  @Override
  public void after(TaskOutcome outcome) {
    Map<String, Object> record = record("end", outcome.vertex());
    record.put("task", outcome.title());
    record.put("status", outcome.status().name().toLowerCase(java.util.Locale.ROOT));
    record.put("elapsed_ms", outcome.elapsed().toMillis());
    record.put("message", outcome.message());
    record.put("output_sha256", sha256(String.valueOf(outcome.result()).getBytes(StandardCharsets.UTF_8)));
    if (keepResults.contains(outcome.vertex().id()) && Json.line(outcome.result()).length() <= MAX_KEPT_RESULT) {
      record.put("registered", outcome.result());
    }
    if (!outcome.undo().isEmpty()) {
      record.put("undo", UndoRecords.toJson(outcome.undo()));
    }
    append(record);
  }

  /** The last record: how the run ended ({@code succeeded}, {@code failed}, {@code stopped}). */
  public void finish(String status, String detail) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("type", "finish");
    record.put("run", run);
    record.put("at", Instant.now().toString());
    record.put("status", status);
    record.put("detail", detail);
    append(record);
  }

  private Map<String, Object> record(String type, Vertex vertex) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("type", type);
    record.put("run", run);
    record.put("vertex", vertex.id());
    record.put("node", vertex.node());
    record.put("at", Instant.now().toString());
    return record;
  }

  private synchronized void append(Map<String, Object> record) {
    String line = redact.apply(Json.line(record));
    String file = Shell.quote(state.journal(run).value());
    // Through cat: the shell's own printf calls every failed write an "I/O error", cat names the
    // cause ("No space left on device"), which is what a person needs to read at 3 a.m.
    execute("printf '%s\\n' " + Shell.quote(line) + " | cat >> " + file + " && sync " + file);
  }

  private void execute(String script) {
    CommandResult result = transport.run(state.host(), Command.of(script));
    if (!result.succeeded()) {
      throw new OrchestrateException(ExitCode.TASK_FAILED, "cannot write the journal " + location() + ": "
          + result.stderr().strip() + "; the run stops, since what it does could not be recorded");
    }
  }

  /** SHA-256 in lower-case hex, as the journal writes outputs' digests and a rollback plan keeps journals'. */
  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
