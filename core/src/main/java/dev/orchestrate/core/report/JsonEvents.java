package dev.orchestrate.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrate.core.executor.RunListener;
import dev.orchestrate.core.executor.RunSummary;
import dev.orchestrate.core.executor.TaskOutcome;
import dev.orchestrate.core.graph.Phase;
import dev.orchestrate.core.graph.Vertex;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A run as JSON lines, one object per event — what {@code --output json} prints and what each
 * run's folder keeps ({@code events.jsonl}). Every object has {@code event}, {@code run} and
 * {@code at}; the last one is the {@code summary}. Text passes through the redactor.
 */
public final class JsonEvents implements RunListener {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintWriter out;
  private final String run;
  private final Redactor redactor;

  public JsonEvents(PrintWriter out, String run, Redactor redactor) {
    this.out = out;
    this.run = run;
    this.redactor = redactor;
  }

  /** Any event the command wants to add ({@code plan}, {@code lock}, {@code resume}...). */
  public synchronized void event(String name, Map<String, Object> fields) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("event", name);
    event.put("run", run);
    event.put("at", Instant.now().toString());
    event.putAll(fields);
    try {
      out.println(redactor.apply(JSON.writeValueAsString(event)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an event that is not JSON", e);
    }
    out.flush();
  }

  @Override
  public void phaseStarted(Phase phase) {
    event("phase", Map.of("phase", phase.index() + 1, "name", phase.name(), "hosts", phase.hosts()));
  }

  @Override
  public void taskStarted(Vertex vertex, String title) {
    event("task_start", Map.of("vertex", vertex.id(), "node", vertex.node(), "task", title));
  }

  @Override
  public void taskProgress(Vertex vertex, String message) {
    event("task_progress", Map.of("vertex", vertex.id(), "node", vertex.node(), "message", message));
  }

  @Override
  public void taskFinished(TaskOutcome outcome) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("vertex", outcome.vertex().id());
    fields.put("node", outcome.node());
    fields.put("task", outcome.title());
    fields.put("status", outcome.status().name().toLowerCase(Locale.ROOT));
    fields.put("elapsed_ms", outcome.elapsed().toMillis());
    fields.put("message", outcome.message());
    event("task_end", fields);
  }

  @Override
  public void stopped(String why) {
    event("stopped", Map.of("reason", why));
  }

  public void summary(RunSummary summary, Map<String, Object> more) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("exit_code", summary.exitCode().code());
    fields.put("changed", summary.changedAnything());
    fields.put("elapsed_ms", summary.elapsed().toMillis());
    summary.stoppedBecause().ifPresent(why -> fields.put("stopped", why));
    Map<String, Object> recap = new LinkedHashMap<>();
    summary.recap().forEach((node, counts) -> {
      Map<String, Object> byStatus = new LinkedHashMap<>();
      counts.forEach((status, count) -> byStatus.put(status.name().toLowerCase(Locale.ROOT), count));
      recap.put(node, byStatus);
    });
    fields.put("nodes", recap);
    fields.putAll(more);
    event("summary", fields);
  }
}
