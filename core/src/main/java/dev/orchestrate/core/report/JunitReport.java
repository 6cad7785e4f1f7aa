package dev.orchestrate.core.report;

import dev.orchestrate.core.executor.RunSummary;
import dev.orchestrate.core.executor.TaskOutcome;
import dev.orchestrate.core.graph.TaskGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run as a JUnit XML report, for CI systems: a test suite per phase, a test case per task and
 * node; a failed task is a failure carrying its message and last output lines, a skipped or
 * never-run task is skipped.
 */
public final class JunitReport {
  private static final int OUTPUT_LINES = 20;

  private JunitReport() {}

  public static void write(Path file, String run, TaskGraph graph, RunSummary summary, Redactor redactor) {
    Map<Integer, List<TaskOutcome>> byPhase = new LinkedHashMap<>();
    summary.outcomes().forEach(o -> byPhase.computeIfAbsent(o.vertex().phase(), p -> new java.util.ArrayList<>()).add(o));
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    long failures = summary.outcomes().stream().filter(o -> o.status().isFailure()).count();
    xml.append("<testsuites name=\"orchestrate ").append(escape(run)).append("\" tests=\"").append(summary.outcomes().size())
        .append("\" failures=\"").append(failures).append("\" time=\"").append(seconds(summary.elapsed().toMillis()))
        .append("\">\n");
    byPhase.forEach((phase, outcomes) -> {
      String name = (phase + 1) + ". " + graph.phases().get(phase).name();
      xml.append("  <testsuite name=\"").append(escape(name)).append("\" tests=\"").append(outcomes.size())
          .append("\" failures=\"").append(outcomes.stream().filter(o -> o.status().isFailure()).count())
          .append("\" skipped=\"").append(outcomes.stream().filter(JunitReport::isSkipped).count())
          .append("\" time=\"").append(seconds(outcomes.stream().mapToLong(o -> o.elapsed().toMillis()).sum()))
          .append("\">\n");
      for (TaskOutcome outcome : outcomes) {
        xml.append("    <testcase classname=\"").append(escape(name)).append("\" name=\"")
            .append(escape(redactor.apply(outcome.title() + " [" + outcome.node() + "]"))).append("\" time=\"")
            .append(seconds(outcome.elapsed().toMillis())).append("\"");
        if (outcome.status().isFailure()) {
          xml.append(">\n      <failure message=\"").append(escape(redactor.apply(outcome.message()))).append("\" type=\"")
              .append(outcome.status().name().toLowerCase(Locale.ROOT)).append("\">")
              .append(escape(redactor.apply(lastLines(outcome)))).append("</failure>\n    </testcase>\n");
        } else if (isSkipped(outcome)) {
          xml.append(">\n      <skipped message=\"")
              .append(escape(redactor.apply(outcome.status().word() + ": " + outcome.message())))
              .append("\"/>\n    </testcase>\n");
        } else {
          xml.append("/>\n");
        }
      }
      xml.append("  </testsuite>\n");
    });
    xml.append("</testsuites>\n");
    try {
      Path absolute = file.toAbsolutePath();
      Path temporary = absolute.resolveSibling(absolute.getFileName() + ".partial");
      Files.writeString(temporary, xml, StandardCharsets.UTF_8);
      Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the JUnit report " + file, e);
    }
  }

  private static boolean isSkipped(TaskOutcome outcome) {
    return outcome.status() == TaskOutcome.Status.SKIPPED || outcome.status() == TaskOutcome.Status.NOT_RUN;
  }

  private static String lastLines(TaskOutcome outcome) {
    StringBuilder text = new StringBuilder(outcome.message());
    for (String stream : List.of("stdout", "stderr")) {
      Object value = outcome.result().get(stream);
      if (value instanceof String output && !output.isBlank()) {
        List<String> lines = output.lines().toList();
        text.append("\n--- ").append(stream).append(" (last lines) ---\n")
            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - OUTPUT_LINES), lines.size())));
      }
    }
    return text.toString();
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
            out.append("&#xFFFD;");
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
