package dev.orchestrate.cli;

import dev.orchestrate.core.executor.RunSummary;
import dev.orchestrate.core.executor.TaskOutcome;
import dev.orchestrate.core.graph.Phase;
import dev.orchestrate.core.graph.Vertex;
import dev.orchestrate.core.run.Display;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A run on a terminal: finished tasks scroll by as plain lines, and below them a block of one
 * line per node — what it is doing now, its latest news (a copy's progress and rate, a wait's
 * state) and for how long — redrawn in place four times a second.
 */
final class LiveView implements Display.View, AutoCloseable {
  private static final String CLEAR_LINE = "\u001b[2K";

  private final PrintWriter out;
  private final ConsoleReport lines;
  private final Map<String, NodeLine> nodes = new LinkedHashMap<>();
  private final Instant start = Instant.now();
  private final ScheduledExecutorService ticker;
  private int drawn;

  private static final class NodeLine {
    String task = "waiting";
    String news = "";
    Instant since = Instant.now();
  }

  LiveView(PrintWriter out, List<String> nodeNames) {
    this.out = out;
    this.lines = new ConsoleReport(out);
    nodeNames.forEach(n -> nodes.put(n, new NodeLine()));
    this.ticker = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "live-view");
      thread.setDaemon(true);
      return thread;
    });
    ticker.scheduleAtFixedRate(this::redraw, 250, 250, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void phaseStarted(Phase phase) {
    erase();
    lines.phaseStarted(phase);
    draw();
  }

  @Override
  public synchronized void taskStarted(Vertex vertex, String title) {
    erase();
    lines.taskStarted(vertex, title);
    NodeLine line = nodes.computeIfAbsent(vertex.node(), n -> new NodeLine());
    line.task = title;
    line.news = "";
    line.since = Instant.now();
    draw();
  }

  @Override
  public synchronized void taskProgress(Vertex vertex, String message) {
    NodeLine line = nodes.computeIfAbsent(vertex.node(), n -> new NodeLine());
    line.news = message;
    redraw();
  }

  @Override
  public synchronized void taskFinished(TaskOutcome outcome) {
    erase();
    lines.taskFinished(outcome);
    NodeLine line = nodes.computeIfAbsent(outcome.node(), n -> new NodeLine());
    line.task = outcome.status().isFailure() ? "FAILED: " + outcome.title() : "idle";
    line.news = "";
    line.since = Instant.now();
    draw();
  }

  @Override
  public synchronized void stopped(String why) {
    erase();
    lines.stopped(why);
    draw();
  }

  private synchronized void redraw() {
    erase();
    draw();
  }

  /** Moves back over the node block and clears it. */
  private void erase() {
    for (int i = 0; i < drawn; i++) {
      out.print("\u001b[1A" + CLEAR_LINE);
    }
    out.print("\r");
    drawn = 0;
  }

  private void draw() {
    int width = nodes.keySet().stream().mapToInt(String::length).max().orElse(4);
    for (Map.Entry<String, NodeLine> node : nodes.entrySet()) {
      NodeLine line = node.getValue();
      long seconds = Duration.between(line.since, Instant.now()).toSeconds();
      String text = String.format("  %-" + width + "s  %s%s  %ds", node.getKey(), line.task,
          line.news.isEmpty() ? "" : " — " + line.news, seconds);
      out.println(CLEAR_LINE + (text.length() > 150 ? text.substring(0, 149) + "…" : text));
    }
    out.print(CLEAR_LINE + "  " + Duration.between(start, Instant.now()).toSeconds() + "s elapsed\n");
    drawn = nodes.size() + 1;
    out.flush();
  }

  @Override
  public void end() {
    close();
  }

  /** Once the block is gone, the recap as plain lines. */
  @Override
  public void recap(RunSummary summary) {
    lines.recap(summary);
  }

  @Override
  public synchronized void close() {
    ticker.shutdownNow();
    erase();
    out.flush();
  }
}
