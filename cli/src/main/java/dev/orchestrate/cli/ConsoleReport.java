package dev.orchestrate.cli;

import dev.orchestrate.core.executor.RunSummary;
import dev.orchestrate.core.executor.TaskOutcome;
import dev.orchestrate.core.graph.Phase;
import dev.orchestrate.core.graph.Vertex;
import dev.orchestrate.core.run.Display;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A run as plain lines, in the shape Ansible users know: a line per play and task, a line per
 * node as each finishes, and a recap per node at the end.
 */
final class ConsoleReport implements Display.View {
  private static final java.time.format.DateTimeFormatter CLOCK = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss ");

  private final PrintWriter out;
  private final PrintWriter plain;
  private final Set<String> tasksShown = new HashSet<>();
  private String lastShown = "";

  ConsoleReport(PrintWriter out) {
    this(out, false);
  }

  /** @param timestamps start each line with the time, for logs read later (no terminal) */
  ConsoleReport(PrintWriter out, boolean timestamps) {
    this.plain = out;
    this.out = new PrintWriter(new java.io.Writer() {
      private boolean lineStart = true;

      @Override
      public void write(char[] buffer, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
          if (lineStart && timestamps && buffer[i] != '\n') {
            out.write(java.time.LocalTime.now().format(CLOCK));
          }
          out.write(buffer[i]);
          lineStart = buffer[i] == '\n';
        }
      }

      @Override
      public void flush() {
        out.flush();
      }

      @Override
      public void close() {
        out.flush();
      }
    });
  }

  @Override
  public synchronized void phaseStarted(Phase phase) {
    out.println();
    out.println("PLAY [" + phase.name() + "] hosts: " + String.join(", ", phase.hosts())
        + (phase.batches().size() > 1 ? "; " + phase.batches().size() + " batches" : ""));
    out.flush();
  }

  @Override
  public synchronized void taskStarted(Vertex vertex, String title) {
    if (tasksShown.add(key(vertex))) {
      out.println("TASK [" + title + "]");
      lastShown = key(vertex);
      out.flush();
    }
  }

  @Override
  public synchronized void taskProgress(Vertex vertex, String message) {
    out.println("  [" + vertex.node() + "] " + message);
    out.flush();
  }

  @Override
  public synchronized void taskFinished(TaskOutcome outcome) {
    // Where nodes run on at their own pace (strategy: free), a line may follow another task's header.
    String seconds = (key(outcome.vertex()).equals(lastShown) ? "" : " " + outcome.title())
        + String.format(" (%.2fs)", outcome.elapsed().toMillis() / 1000.0);
    String line = switch (outcome.status()) {
      case OK -> "ok: [" + outcome.node() + "]" + seconds;
      case CHANGED -> "changed: [" + outcome.node() + "]" + seconds;
      case SKIPPED -> "skipping: [" + outcome.node() + "]";
      case FAILED -> "fatal: [" + outcome.node() + "]: FAILED!" + seconds + " " + outcome.message();
      case IGNORED -> "failed: [" + outcome.node() + "]" + seconds + " " + outcome.message() + " ...ignoring";
      case UNREACHABLE -> "fatal: [" + outcome.node() + "]: UNREACHABLE! " + outcome.message();
      case NOT_RUN -> "not run: [" + outcome.node() + "] " + outcome.message();
    };
    out.println(line);
    if (outcome.status() == TaskOutcome.Status.OK || outcome.status() == TaskOutcome.Status.CHANGED) {
      Object message = outcome.result().get("msg");
      // debug and assert speak through msg; for modules that ran a command, msg is noise.
      if (message != null && !String.valueOf(message).isEmpty() && !outcome.result().containsKey("rc")) {
        out.println("    " + message);
      }
    }
    out.flush();
  }

  @Override
  public synchronized void stopped(String why) {
    out.println();
    out.println("STOPPED: " + why);
    out.flush();
  }

  private static String key(Vertex vertex) {
    return vertex.phase() + "." + vertex.batch() + "." + vertex.task();
  }

  /** The recap is a table, read as a whole: it goes without the times, whatever the lines before it had. */
  @Override
  public synchronized void recap(RunSummary summary) {
    plain.println();
    plain.println("RECAP (" + String.format("%.1fs", summary.elapsed().toMillis() / 1000.0) + ")");
    int width = summary.nodes().stream().mapToInt(String::length).max().orElse(4);
    for (Map.Entry<String, Map<TaskOutcome.Status, Integer>> node : summary.recap().entrySet()) {
      Map<TaskOutcome.Status, Integer> n = node.getValue();
      plain.println(String.format("%-" + width + "s : ok=%-3d changed=%-3d unreachable=%-3d failed=%-3d skipped=%-3d "
              + "ignored=%-3d not-run=%d", node.getKey(), n.get(TaskOutcome.Status.OK) + n.get(TaskOutcome.Status.CHANGED),
          n.get(TaskOutcome.Status.CHANGED), n.get(TaskOutcome.Status.UNREACHABLE), n.get(TaskOutcome.Status.FAILED),
          n.get(TaskOutcome.Status.SKIPPED), n.get(TaskOutcome.Status.IGNORED), n.get(TaskOutcome.Status.NOT_RUN)));
    }
    plain.flush();
  }
}
