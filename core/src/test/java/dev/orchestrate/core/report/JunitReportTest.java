package dev.orchestrate.core.report;

import static dev.orchestrate.core.report.Outcomes.SECRET;
import static dev.orchestrate.core.report.Outcomes.outcome;
import static dev.orchestrate.core.report.Outcomes.vertex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.executor.RunSummary;
import dev.orchestrate.core.executor.TaskOutcome;
import dev.orchestrate.core.executor.TaskOutcome.Status;
import dev.orchestrate.core.graph.TaskGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The report as a CI server reads it: well-formed XML, a suite per phase, the right counts, no secret. */
class JunitReportTest {
  @TempDir
  Path dir;

  private final TaskGraph graph = Outcomes.graph();
  private final Redactor redactor = Redactor.of(List.of(SECRET));

  private Document write(List<TaskOutcome> outcomes) throws Exception {
    Path file = dir.resolve("junit.xml");
    JunitReport.write(file, "run-7 <&>", graph, new RunSummary(outcomes, List.of("node1", "node2"), Optional.empty(),
        Duration.ofMillis(12_345)), redactor);
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  private static List<Element> elements(Document document, String tag) {
    NodeList nodes = document.getElementsByTagName(tag);
    List<Element> elements = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      elements.add((Element) nodes.item(i));
    }
    return elements;
  }

  private List<TaskOutcome> run() {
    String output = IntStream.rangeClosed(1, 25).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
    return List.of(
        outcome(vertex(graph, "1.1.node1"), "Stop", Status.CHANGED, "stopped", Map.of(), 1200),
        outcome(vertex(graph, "1.1.node2"), "Stop", Status.OK, "", Map.of(), 800),
        outcome(vertex(graph, "1.2.node1"), "Start", Status.FAILED, "exit status 1", Map.of("stdout", output,
            "stderr", "FATAL: password authentication failed"), 3000),
        outcome(vertex(graph, "1.2.node2"), "Start", Status.NOT_RUN, "node2's run stopped", Map.of(), 0),
        outcome(vertex(graph, "2.1.node1"), "Check", Status.UNREACHABLE, "ssh: connection refused", Map.of(), 45),
        outcome(vertex(graph, "2.1.node2"), "Check", Status.SKIPPED, "condition was false", Map.of(), 0));
  }

  @Test
  void theCountsOfTestsFailuresAndSkippedAreRightInEverySuite() throws Exception {
    Document report = write(run());

    Element root = report.getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("testsuites");
    assertThat(root.getAttribute("name")).isEqualTo("orchestrate run-7 <&>");
    assertThat(root.getAttribute("tests")).isEqualTo("6");
    assertThat(root.getAttribute("failures")).isEqualTo("2");
    assertThat(root.getAttribute("time")).isEqualTo("12.345");
    List<Element> suites = elements(report, "testsuite");
    assertThat(suites).extracting(s -> s.getAttribute("name"))
        .containsExactly("1. Restart <all> & \"check\"", "2. Check");
    assertThat(suites).extracting(s -> s.getAttribute("tests") + "/" + s.getAttribute("failures") + "/"
        + s.getAttribute("skipped") + "/" + s.getAttribute("time")).containsExactly("4/1/1/5.000", "2/1/1/0.045");
    assertThat(elements(report, "testcase")).extracting(c -> c.getAttribute("name"))
        .containsExactly("Stop [node1]", "Stop [node2]", "Start [node1]", "Start [node2]", "Check [node1]",
            "Check [node2]");
    assertThat(elements(report, "failure")).hasSize(2);
    assertThat(elements(report, "skipped")).hasSize(2);
  }

  @Test
  void aFailureCarriesItsMessageTypeAndTheLastLinesOfItsOutput() throws Exception {
    Document report = write(run());

    List<Element> failures = elements(report, "failure");
    Element failed = failures.get(0);
    assertThat(((Element) failed.getParentNode()).getAttribute("name")).isEqualTo("Start [node1]");
    assertThat(failed.getAttribute("message")).isEqualTo("exit status 1");
    assertThat(failed.getAttribute("type")).isEqualTo("failed");
    assertThat(failed.getTextContent()).contains("--- stdout (last lines) ---\nline 6\n", "line 25",
        "--- stderr (last lines) ---\nFATAL: password authentication failed").doesNotContain("line 5\n");
    assertThat(failures.get(1).getAttribute("type")).isEqualTo("unreachable");
    assertThat(elements(report, "skipped")).extracting(s -> s.getAttribute("message"))
        .containsExactly("not run: node2's run stopped", "skipped: condition was false");
  }

  @Test
  void noSecretReachesTheReportWhereverTheTextComesFrom() throws Exception {
    write(List.of(
        outcome(vertex(graph, "1.1.node1"), "Log in as " + SECRET, Status.FAILED, "refused: " + SECRET,
            Map.of("stdout", "PGPASSWORD=" + SECRET, "stderr", "password \"" + SECRET + "\" & more"), 1),
        outcome(vertex(graph, "1.1.node2"), "Stop", Status.SKIPPED, "password == '" + SECRET + "' was false",
            Map.of(), 0)));

    String text = Files.readString(dir.resolve("junit.xml"));
    assertThat(text).doesNotContain(SECRET).contains("&lt;secret&gt;");
  }

  @Test
  void controlCharactersInOutputDoNotBreakTheXmlAndAnOldReportIsReplaced() throws Exception {
    Files.writeString(dir.resolve("junit.xml"), "old");

    Document report = write(List.of(outcome(vertex(graph, "1.1.node1"), "Stop", Status.FAILED, "bell \u0007 nul \u0000",
        Map.of("stdout", "\u001b[31mred\u001b[0m"), 1)));

    assertThat(elements(report, "failure").get(0).getAttribute("message")).isEqualTo("bell \uFFFD nul \uFFFD");
    assertThat(elements(report, "failure").get(0).getTextContent()).contains("\uFFFD[31mred");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("junit.xml");
    }
  }
}
