package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The command line as a user meets it: output, error output and exit code of each command. */
class CliTest {
  /** Every command the README lists. */
  private static final List<String> COMMANDS =
      List.of("validate", "schema", "plan", "apply", "rollback", "status", "run", "demo", "sandbox", "lb-config");

  record Run(int exitCode, String out, String err) {}

  /** Runs the arguments as a process does: with the command line {@link Cli} builds for them. */
  static Run run(String... args) {
    return run(Cli.commandLine(args), args);
  }

  static Run run(CommandLine commandLine, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void versionNamesTheBuildAndTheFormat() {
    Run run = run("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).containsPattern("orchestrate \\d+\\.\\d+\\.\\d+").contains("cluster.yaml format 1");
  }

  @Test
  void versionAnsweredBeforePicocliIsPicoclisVersion() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Main.version(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(run("--version").out());
  }

  @Test
  void aProcessBuildsOnlyTheCommandItRuns() {
    assertThat(Cli.needed(new String[] {"--version"})).isEmpty();
    assertThat(Cli.needed(new String[] {"-v", "plan", "cluster.yaml", "--out", "help"}))
        .containsExactly(PlanCommand.class);
    assertThat(Cli.needed(new String[] {"apply", "--help"})).containsExactly(ApplyCommand.class);
    int every = Cli.commandLine().getSubcommands().size();
    for (String[] args : List.of(new String[] {}, new String[] {"--help"}, new String[] {"--version", "-h"},
        new String[] {"help", "apply"}, new String[] {"completion", "bash"}, new String[] {"reference"},
        new String[] {"aply", "cluster.yaml"})) {
      assertThat(Cli.needed(args)).as(String.join(" ", args)).hasSize(every);
    }
  }

  /** The command built alone behaves as it does in the whole tree: same help, same usage errors. */
  @ParameterizedTest
  @ValueSource(strings = {"validate", "schema", "plan", "apply", "rollback", "status", "run", "demo", "sandbox",
      "lb-config", "class-cache-training"})
  void aCommandBuiltAloneIsTheCommandOfTheWholeTree(String command) {
    for (String[] args : List.of(new String[] {command, "--help"}, new String[] {command, "--no-such-option"},
        new String[] {"--verbose", command, "--help"})) {
      Run alone = run(args);
      Run inTree = run(Cli.commandLine(), args);

      assertThat(alone).as(String.join(" ", args)).isEqualTo(inTree);
      assertThat(Cli.commandLine(args).getSubcommands()).containsOnlyKeys(command);
    }
  }

  /**
   * What the launcher runs to make its class archive: a failure there only costs speed and shows
   * nowhere else, so it is checked here. It leaves no temporary folder behind.
   */
  @Test
  void classCacheTrainingRunsAndCleansUp() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    List<Path> before;
    try (Stream<Path> files = Files.list(tmp)) {
      before = files.filter(p -> p.getFileName().toString().startsWith("orchestrate-training-")).toList();
    }

    Run run = run("class-cache-training");

    assertThat(run.exitCode()).as(run.err()).isZero();
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.filter(p -> p.getFileName().toString().startsWith("orchestrate-training-")))
          .containsExactlyInAnyOrderElementsOf(before);
    }
  }

  @Test
  void aMistypedCommandIsStillMatchedToTheNearestOne() {
    Run run = run("aply", "cluster.yaml");

    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.err()).contains("apply");
  }

  @Test
  void helpListsEveryCommandAndEveryExitCode() {
    Run run = run("--help");

    assertThat(run.exitCode()).isZero();
    for (String command : COMMANDS) {
      assertThat(run.out()).contains("  " + command);
    }
    assertThat(run.out()).contains("Exit codes:", "  0", "  4", " 70", "--verbose", "Examples:");
  }

  @ParameterizedTest
  @ValueSource(strings = {"validate", "schema", "plan", "apply", "rollback", "status", "run", "demo", "sandbox", "lb-config"})
  void everyCommandDocumentsItselfWithAnExample(String command) {
    Run run = run(command, "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("Usage: orchestrate " + command).containsPattern("Examples?:\\R  orchestrate " + command);
  }

  @Test
  void theSpecsFlagsAreAccepted() {
    String apply = run("apply", "--help").out();
    assertThat(apply).contains("--plan=PLAN", "--yes", "--dry-run", "--rollback-on-failure", "--output=FORMAT", "--junit=FILE");
    assertThat(run("plan", "--help").out()).contains("--format=FORMAT", "--out=PLAN", "--detailed-exitcode");
    assertThat(run("run", "--help").out()).contains("--topology=FILE", "--limit=NODES", "--dry-run");
    assertThat(run("status", "--help").out()).contains("--output=FORMAT");
    assertThat(run("rollback", "--help").out()).contains("--yes", "--plan=PLAN", "--to=RUN", "--dry-run",
        "--output=FORMAT", "--junit=FILE", "--list", "--mark-good").doesNotContain("the last apply");
    assertThat(run("plan", "--help").out()).contains("--rollback", "--to=RUN");
    for (String command : List.of("plan", "apply", "rollback", "status", "run")) {
      assertThat(run(command, "--help").out()).as(command).contains("--accept-new-host-keys");
    }
  }

  /**
   * Each line a description array holds is printed as a line of its own: one that stops
   * mid-sentence breaks the sentence in the middle of the help. Every description element, of a
   * command or an option, ends a sentence (or is an example, indented).
   */
  @Test
  void everyHelpTextIsMadeOfWholeSentences() {
    List<String> cut = new ArrayList<>();
    for (CommandLine command : Cli.commandLine().getSubcommands().values()) {
      CommandLine.Model.CommandSpec spec = command.getCommandSpec();
      List<String> texts = new ArrayList<>(List.of(spec.usageMessage().description()));
      spec.options().forEach(option -> texts.addAll(List.of(option.description())));
      spec.positionalParameters().forEach(parameter -> texts.addAll(List.of(parameter.description())));
      texts.stream().filter(text -> !text.startsWith("  ") && !text.strip().matches("(?s).*[.:)](%n)?"))
          .forEach(text -> cut.add(spec.qualifiedName() + ": " + text));
    }
    assertThat(cut).isEmpty();
  }

  @Test
  void rollbackAndPlanRefuseOptionsThatDoNotGoTogetherAndABadPlanBeforeAnyHost() throws Exception {
    Run toWithoutRollback = run("plan", "../examples/aws.yaml", "--to", "20240101T000000Z-aaaaaa");
    assertThat(toWithoutRollback.exitCode()).isEqualTo(4);
    assertThat(toWithoutRollback.err()).contains("--to goes with --rollback");
    Run listWithPlan = run("rollback", "../examples/aws.yaml", "--list", "--plan", "x.plan");
    assertThat(listWithPlan.exitCode()).isEqualTo(4);
    assertThat(listWithPlan.err()).contains("--list and --mark-good take no --plan, --to or --dry-run");
    Path applyPlan = Files.createTempFile("apply", ".plan");
    try {
      Files.writeString(applyPlan, "{\"format\": 1, \"cluster\": \"wiki-prod\", \"created\": \"2024-05-01T10:15:30Z\","
          + " \"digests\": {\"topology\": \"a\", \"facts\": \"b\"}, \"vertices\": []}");
      Run notARollbackPlan = run("rollback", "../examples/aws.yaml", "--plan", applyPlan.toString(), "--yes");
      assertThat(notARollbackPlan.exitCode()).isEqualTo(4);
      assertThat(notARollbackPlan.err()).contains("is a plan for apply, not a rollback plan");
    } finally {
      Files.delete(applyPlan);
    }
  }

  @Test
  void validatePrintsNothingButASummaryForAValidFileAndExitsZero() {
    Run run = run("validate", "../examples/two-node-tcp-ip.yaml");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("../examples/two-node-tcp-ip.yaml: valid: datacenter cluster 'wiki-prod' of 2 nodes")
        .doesNotContain("error:");
  }

  @Test
  void validateReportsEveryProblemWithItsLineAndExitsFour() {
    String file = "../core/src/test/resources/topology/broken/57-many-problems-at-once.yaml";

    Run run = run("validate", file);

    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.out().lines().filter(l -> l.startsWith(file + ":") && l.contains(": error: ")))
        .hasSize(10)
        .anySatisfy(l -> assertThat(l).startsWith(file + ":3:12: error: 'cluster.edition'"))
        .anySatisfy(l -> assertThat(l).startsWith(file + ":19:11: error: 'nodes[1].host'"));
    assertThat(run.out()).contains(file + ": invalid: 10 errors");
  }

  @Test
  void validateChecksSeveralFilesAndFailsIfAnyFails() {
    Run run = run("validate", "../examples/aws.yaml", "../core/src/test/resources/topology/broken/01-tab-indentation.yaml");

    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.out()).contains("aws.yaml: valid", "01-tab-indentation.yaml: invalid: 2 errors");
  }

  @Test
  void aMissingFileIsInvalidInput() {
    Run run = run("validate", "no-such-cluster.yaml");

    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.out()).contains("no-such-cluster.yaml:1:1: error: no such file");
  }

  @Test
  void schemaPrintsAJsonSchemaThatNamesEveryTopLevelKey() throws Exception {
    Run run = run("schema");

    assertThat(run.exitCode()).isZero();
    JsonNode schema = new ObjectMapper().readTree(run.out());
    assertThat(schema.path("$schema").asText()).isEqualTo("http://json-schema.org/draft-07/schema#");
    assertThat(schema.path("properties").fieldNames()).toIterable()
        .containsExactly("version", "cluster", "ssh", "confluence", "database", "synchrony", "loadBalancer", "nodes");
    assertThat(schema.at("/properties/confluence/properties/httpPort/default").asInt()).isEqualTo(8090);
  }

  @Test
  void lbConfigWithoutAKindSaysWhereToWriteOneAndExitsFour() {
    Run run = run("lb-config", "../examples/aws.yaml");
    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.err()).contains("../examples/aws.yaml:65:1: error: 'loadBalancer.kind' is not set",
        "write loadBalancer.kind: nginx, haproxy or apache");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void sandboxStatusOfADirectoryWithoutASandboxSaysSo() {
    Run run = run("sandbox", "status", "--dir", "target/no-sandbox-here");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("there is no sandbox in");
  }

  @Test
  void commandsThatTakeAClusterFileRefuseAnInvalidOneWithExitFourFirst() {
    Run run = run("apply", "../core/src/test/resources/topology/broken/05-unknown-key-typo.yaml", "--yes");

    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.err()).contains(":4:3: error: unknown key 'shraedHome'").doesNotContain("not built yet");
  }

  @Test
  void usageErrorsExitFourWithASuggestion() {
    Run unknownOption = run("validate", "--strict", "x.yaml");
    assertThat(unknownOption.exitCode()).isEqualTo(4);
    assertThat(unknownOption.err()).contains("Unknown option: '--strict'", "orchestrate validate --help");

    Run misspelt = run("valdate", "x.yaml");
    assertThat(misspelt.exitCode()).isEqualTo(4);
    assertThat(misspelt.err()).contains("Did you mean: orchestrate validate");

    Run badFormat = run("plan", "x.yaml", "--format", "svg");
    assertThat(badFormat.exitCode()).isEqualTo(4);
    assertThat(badFormat.err()).contains("text, json, dot, mermaid");
  }

  @Test
  void theExamplesFolderHoldsEveryKindOfCluster() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("../examples"))) {
      List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).toList();
      assertThat(names).contains("two-node-tcp-ip.yaml", "three-node-standalone-synchrony.yaml", "multicast.yaml",
          "aws.yaml", "back-to-server.yaml", "per-node-overrides.yaml");
      String[] args = Stream.concat(Stream.of("validate"), names.stream().map(n -> "../examples/" + n)).toArray(String[]::new);
      assertThat(run(args).exitCode()).isZero();
    }
  }
}
