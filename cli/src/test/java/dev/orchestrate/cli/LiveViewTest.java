package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.executor.TaskOutcome;
import dev.orchestrate.core.graph.Vertex;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveViewTest {
  @Test
  void keepsALinePerNodeWithItsTaskAndNewsBelowTheFinishedTasks() {
    StringWriter screen = new StringWriter();
    Vertex copy = new Vertex("6.1.node2", Vertex.Kind.TASK, 5, 0, 0, "node2");
    try (LiveView view = new LiveView(new PrintWriter(screen), List.of("node1", "node2"))) {
      view.taskStarted(copy, "Copy the installation directory");
      view.taskProgress(copy, "copying node1:/opt/atlassian/confluence: 60.0 MB at 210.4 MB/s");
      view.taskFinished(new TaskOutcome(copy, "Copy the installation directory", TaskOutcome.Status.CHANGED, "copied",
          Map.of(), List.of(), Duration.ofMillis(300)));
    }
    String text = screen.toString();
    assertThat(text).contains("  node2  Copy the installation directory — copying node1:/opt/atlassian/confluence: "
        + "60.0 MB at 210.4 MB/s", "changed: [node2] (0.30s)", "  node1  waiting", "\u001b[1A\u001b[2K");
    assertThat(text.lastIndexOf("changed: [node2]")).isGreaterThan(text.indexOf("210.4 MB/s"));
  }
}
