package dev.orchestrate.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MermaidPlanTest {
  /** A vertex: an id, then a rounded box or a circle holding one quoted label without a quote inside. */
  private static final Pattern VERTEX = Pattern.compile("^\\s+([A-Za-z][A-Za-z0-9]*)(\\(\"[^\"]*\"\\)|\\(\\(\"[^\"]*\"\\)\\))$");
  private static final Pattern EDGE = Pattern.compile("^\\s+([A-Za-z][A-Za-z0-9]*) --> ([A-Za-z][A-Za-z0-9]*)$");
  private static final Pattern SUBGRAPH = Pattern.compile("^\\s+subgraph [A-Za-z][A-Za-z0-9]*\\[\"[^\"]*\"\\]$");
  private static final Pattern CLASS = Pattern.compile("^\\s+class ([A-Za-z][A-Za-z0-9]*(?:,[A-Za-z][A-Za-z0-9]*)*) [a-z]+[0-9]*$");

  static Stream<Plan> plans() {
    return Stream.of(TestPlans.migrationPlan(), TestPlans.barrierPlan(), TestPlans.emptyPlan());
  }

  @ParameterizedTest
  @MethodSource("plans")
  void isAFlowchartOfKnownStatementsWithAlphanumericIds(Plan plan) {
    List<String> lines = PlanWriter.mermaid(plan).lines().toList();

    assertThat(lines.get(0)).isEqualTo("flowchart TD");
    assertThat(lines.subList(1, lines.size())).allSatisfy(line -> assertThat(
        line.strip().startsWith("%% ") || line.strip().equals("end") || line.strip().startsWith("classDef ")
            || Stream.of(VERTEX, EDGE, SUBGRAPH, CLASS).anyMatch(p -> p.matcher(line).matches())
            || line.matches("^\\s+nothing\\[\"[^\"]*\"\\]$"))
        .as(line).isTrue());
  }

  @ParameterizedTest
  @MethodSource("plans")
  void opensAndClosesEverySubgraphAndDeclaresEveryEndpoint(Plan plan) {
    List<String> lines = PlanWriter.mermaid(plan).lines().toList();

    int depth = 0;
    for (String line : lines) {
      depth += line.strip().startsWith("subgraph ") ? 1 : line.strip().equals("end") ? -1 : 0;
      assertThat(depth).as(line).isBetween(0, 1);
    }
    assertThat(depth).isZero();
    Set<String> declared = new HashSet<>();
    lines.stream().map(VERTEX::matcher).filter(Matcher::matches).forEach(m -> declared.add(m.group(1)));
    List<Matcher> edges = lines.stream().map(EDGE::matcher).filter(Matcher::matches).toList();
    assertThat(edges).allSatisfy(edge -> assertThat(declared).contains(edge.group(1), edge.group(2)));
    assertThat(edges).hasSize(Drawing.of(plan.graph()).edges().size());
    assertThat(lines).noneSatisfy(line -> assertThat(line.strip()).startsWith("classDef").endsWith(";"));
  }

  @Test
  void colorsEachNodesTasksAndItsLegendAlike() {
    String mermaid = PlanWriter.mermaid(TestPlans.migrationPlan());

    assertThat(mermaid).contains("  subgraph phase1[\"Phase 1: Stop each node\"]\n    v0(\"Stop Confluence<br/>node1\")\n")
        .contains("  subgraph legend[\"Nodes\"]\n    legend0(\"node1\")\n    legend1(\"node2\")\n  end\n")
        .contains("  classDef host0 fill:#8dd3c7,stroke:#666666,color:#000000\n")
        .contains("  v0 --> v1\n");
    assertThat(mermaid.lines().filter(line -> line.startsWith("  class ") && line.endsWith(" host0")).findFirst())
        .hasValueSatisfying(line -> assertThat(line).startsWith("  class legend0,v0,v1,"));
  }

  @Test
  void escapesWhatMermaidWouldReadAsMarkup() {
    assertThat(MermaidPlan.escape("Copy \"files\" from <home> & #1; `x`"))
        .isEqualTo("Copy #34;files#34; from #60;home#62; #38; #35;1; #96;x#96;");
    assertThat(PlanWriter.mermaid(TestPlans.migrationPlan())).contains("Copy #34;files#34; from #60;home#62; #38;<br/>");
  }

  @Test
  void saysSoWhenNothingWillChange() {
    assertThat(PlanWriter.mermaid(TestPlans.emptyPlan()))
        .contains("nothing[\"No changes. The hosts match cluster.yaml.\"]").doesNotContain("subgraph");
  }

  @Test
  void showsNoModuleArguments() {
    assertThat(PlanWriter.mermaid(TestPlans.migrationPlan())).doesNotContain(TestPlans.SECRET).doesNotContain("/opt/x");
  }
}
