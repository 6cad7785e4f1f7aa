package dev.orchestrate.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DotPlanTest {
  private static final String QUOTED = "\"(?:[^\"\\\\]|\\\\.)*\"";
  private static final Pattern DECLARATION = Pattern.compile("^\\s+(" + QUOTED + ") \\[.*\\];$");
  private static final Pattern EDGE = Pattern.compile("^\\s+(" + QUOTED + ") -> (" + QUOTED + ");$");

  static Stream<Plan> plans() {
    return Stream.of(TestPlans.migrationPlan(), TestPlans.barrierPlan(), TestPlans.emptyPlan());
  }

  @ParameterizedTest
  @MethodSource("plans")
  void isStructurallyValid(Plan plan) {
    String dot = PlanWriter.dot(plan);

    assertThat(dot).startsWith("digraph plan {\n  rankdir=TB;\n").endsWith("}\n");
    assertThat(braceDepthAlwaysNonNegativeAndEndsAtZero(dot)).isTrue();
    Set<String> declared = new HashSet<>();
    dot.lines().map(DECLARATION::matcher).filter(Matcher::matches).forEach(m -> declared.add(m.group(1)));
    List<Matcher> edges = dot.lines().map(EDGE::matcher).filter(Matcher::matches).toList();
    assertThat(edges.size()).isEqualTo(Drawing.of(plan.graph()).edges().size());
    List<String> endpoints = dot.lines().filter(line -> line.contains(" -> "))
        .flatMap(line -> Pattern.compile(QUOTED).matcher(line.replaceAll("\\[.*\\]", "")).results().map(MatchResult::group))
        .toList();
    assertThat(endpoints).hasSizeGreaterThanOrEqualTo(2 * edges.size()).allSatisfy(id -> assertThat(declared).contains(id));
  }

  @Test
  void putsTheVerticesOfOneTaskInARowInNodeOrder() {
    String dot = PlanWriter.dot(TestPlans.barrierPlan());

    assertThat(dot).contains("    { rank=same; \"2.1.node1\" -> \"2.1.node2\" -> \"2.1.node3\" -> \"2.1.node4\" [style=invis]; }\n")
        .contains("    { rank=same; \"3.1.node3\" -> \"3.1.node4\" [style=invis]; }\n")
        .doesNotContain("\"1.1.node1\" [style=invis]");
  }

  @Test
  void drawsAClusterPerPhaseAndAColouredBoxPerTask() {
    String dot = PlanWriter.dot(TestPlans.migrationPlan());

    assertThat(dot).contains("subgraph cluster_1 {\n    label=\"Phase 1: Stop each node\";")
        .contains("subgraph cluster_2 {\n    label=\"Phase 2: Copy and start\";")
        .contains("\"1.1.node1\" [label=\"Stop Confluence\\nnode1\", fillcolor=\"#8dd3c7\"")
        .contains("\"1.1.node2\" [label=\"Stop Confluence\\nnode2\", fillcolor=\"#ffffb3\"")
        .contains("\"1.2.node1\" -> \"1.1.node2\";");
  }

  @Test
  void drawsTheBarrierOfALinearPlayAsAPoint() {
    assertThat(PlanWriter.dot(TestPlans.barrierPlan()))
        .contains("\"2.1.done-batch1\" [shape=point, width=0.08, label=\"\", tooltip=\"every node has finished 2.1 Check status\"];");
  }

  @Test
  void hasALegendOfTheNodeColours() {
    assertThat(PlanWriter.dot(TestPlans.migrationPlan())).contains("subgraph cluster_legend {")
        .contains("\"legend:node1\" [label=\"node1\", fillcolor=\"#8dd3c7\"];")
        .contains("\"legend:node2\" [label=\"node2\", fillcolor=\"#ffffb3\"];");
  }

  @Test
  void escapesQuotesAndBackslashesInLabels() {
    assertThat(PlanWriter.dot(TestPlans.migrationPlan()))
        .contains("[label=\"Copy \\\"files\\\" from <home> &\\n{more} #1; \\\\ back\\nnode1\"");
    assertThat(DotPlan.quote("a\"b\\c\nd")).isEqualTo("\"a\\\"b\\\\c\\nd\"");
  }

  @Test
  void showsNoModuleArguments() {
    assertThat(PlanWriter.dot(TestPlans.migrationPlan())).doesNotContain(TestPlans.SECRET).doesNotContain("/opt/x");
  }

  /** Graphviz itself reads it; CI must have Graphviz installed, elsewhere it is optional. */
  @ParameterizedTest
  @MethodSource("plans")
  void graphvizDrawsIt(Plan plan, @TempDir Path directory) throws Exception {
    boolean inContinuousIntegration = System.getenv("CI") != null && !System.getenv("CI").isBlank()
        && !System.getenv("CI").equalsIgnoreCase("false");
    boolean installed = graphvizInstalled();
    if (!installed && inContinuousIntegration) {
      fail("Graphviz's dot is not installed; CI must install it (apt-get install -y graphviz)");
    }
    assumeTrue(installed, "Graphviz's dot is not installed here; the DOT form is checked only for its structure");
    Path source = directory.resolve("plan.dot");
    Files.writeString(source, PlanWriter.dot(plan));
    Path svg = directory.resolve("plan.svg");
    Process process = new ProcessBuilder("dot", "-Tsvg", "-o", svg.toString(), source.toString())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).as("warnings from dot").isEmpty();
    assertThat(Files.readString(svg)).contains("<svg").contains("Plan for cluster wiki");
  }

  private static boolean graphvizInstalled() {
    try {
      Process process = new ProcessBuilder("dot", "-V").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Braces outside quoted strings nest properly. */
  private static boolean braceDepthAlwaysNonNegativeAndEndsAtZero(String dot) {
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < dot.length(); i++) {
      char c = dot.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth < 0) {
        return false;
      }
    }
    return depth == 0 && !quoted;
  }
}
