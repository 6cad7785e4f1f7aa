package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrate.sandbox.Sandbox;
import dev.orchestrate.sandbox.SandboxLayout;
import dev.orchestrate.sandbox.confluence.SimulatedLicense;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code orchestrate apply} converges a cluster from whatever state its nodes are in, each state
 * made for real on one three-host sandbox — with the nodes' own start and stop scripts, files
 * edited as an admin would, a stray process — and each row ending with every node RUNNING (or,
 * back on Server, the Server alone), every shared-home file unchanged by checksum, and a plan with
 * nothing to do. The compiler's decision for each state is unit-tested from hand-made facts in
 * ConvergeCompilerTest; this proves that the facts read from real hosts lead to it, and that the
 * walk gets there.
 *
 * <p>The rows follow one another on the same sandbox, in order, each leaving the cluster healthy
 * for the next: set up as a two-node cluster, node3 then joins from an installation alone (a copy
 * cut off), and from there the three nodes go through ERROR (its cause fixed, then not), STARTING
 * beside a stopped node, all stopped, a process that never answers, another build, another
 * cluster's name, a license put in on one node, an installation that is not a copy, a local home
 * alone, and last the way back to Server with a former node started by hand. A row that finds the
 * cluster unhealthy because an earlier one failed is skipped, so the first failure is the one
 * reported.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConvergeFromAnyStateTest {
  private static final String START = "Start Confluence and wait for RUNNING";
  private static final String STOP = "Stop Confluence";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;

  private static Path sandboxDir;
  private static SandboxLayout layout;
  /** cluster.yaml of the three nodes, as the sandbox wrote it. */
  private static String three;
  /** The same with {@code startTimeout: 5s}, for a start that never ends. */
  private static String shortStart;
  /** Every attachment and shared-home file of the Server before the first migration, named as in a shared home. */
  private static Map<String, String> wiki;
  /** Whether the row before left the cluster as the next row starts from. */
  private static boolean healthy;

  @BeforeAll
  static void twoNodeCluster() throws Exception {
    sandboxDir = dir.resolve("sandbox");
    layout = SandboxHosts.up(sandboxDir, address(1), 3, 1).layout();
    three = layout.clusterYaml().toString();
    String yaml = Files.readString(layout.clusterYaml());
    shortStart = write("short-start.yaml", yaml.replace("startTimeout: 2m", "startTimeout: 5s"));
    String two = write("two-nodes.yaml", yaml.replaceAll("(?m)^  - name: node3\\n(    .*\\n)*", ""));
    wiki = serverFiles();

    CliTest.Run apply = CliTest.run("apply", two, "--yes");

    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    assertThat(state(1)).isEqualTo("RUNNING");
    assertThat(state(2)).isEqualTo("RUNNING");
    assertThat(sharedHome()).isEqualTo(wiki).isNotEmpty();
    healthy = true;
  }

  @AfterAll
  static void down() {
    if (sandboxDir != null) {
      Sandbox.down(sandboxDir);
    }
  }

  @BeforeEach
  void startsFromAHealthyCluster() {
    Assumptions.assumeTrue(healthy, "an earlier row left the cluster unhealthy; its failure is the one to read");
    healthy = false;
  }

  /** An installation copied from node1 with {@code cp -a}, and no local home: the copy is kept, the home copied. */
  @Test
  @Order(1)
  void anInstallationAloneThatIsACopyOfTheFirstNodesIsKeptAndTheLocalHomeCopied() throws Exception {
    Map<String, String> before = sharedHome();
    copyFirstNodesInstallationTo(3);

    CliTest.Run apply = CliTest.run("apply", three, "--yes");

    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    assertThat(apply.out()).contains("node3  has an installation at " + layout.installDir(3) + " but no local home "
        + "at " + layout.localHome(3), "kept only if it is the same", layout.installDir(3) + " is there already on "
        + "node3 and is the same as node1:" + layout.installDir(1) + ", file by file", "; kept");
    assertHealthy(before);
  }

  /** A node in ERROR whose cause was fixed since: the plan shows its last logged error, apply restarts it. */
  @Test
  @Order(2)
  void aNodeInErrorWhoseCauseIsFixedIsRestarted() throws Exception {
    Map<String, String> before = sharedHome();
    String cfg = breakDatabasePassword(2);
    Files.writeString(cfg(2), cfg);
    String error = lastErrorLine(2);
    assertThat(error).contains("password authentication failed");

    CliTest.Run plan = CliTest.run("plan", three, "--detailed-exitcode");
    assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(2);
    assertThat(plan.out()).contains("node2  is in ERROR (its log: " + error.substring(0, Math.min(200, error.length())),
        "stopped and started again");

    CliTest.Run apply = CliTest.run("apply", three, "--yes");

    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    assertThat(apply.out()).contains("Confluence was in ERROR", "so it was stopped and started again");
    assertHealthy(before);
  }

  /** apply fails -> fix the cause -> apply: the second ERROR stops the run with the log; once fixed the run resumes. */
  @Test
  @Order(3)
  void aNodeInErrorWhoseCauseIsNotFixedFailsTheRunThenOnceFixedApplyResumes() throws Exception {
    Map<String, String> before = sharedHome();
    String cfg = breakDatabasePassword(2);

    CliTest.Run failed = CliTest.run("apply", three, "--yes");

    assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(1);
    assertThat(failed.out()).contains("node2  is in ERROR (its log: ", "fatal: [node2]", "Confluence went to ERROR",
        "Cannot connect to the database at", "FATAL: password authentication failed for user");
    assertThat(state(2)).isEqualTo("ERROR");

    Files.writeString(cfg(2), cfg);
    CliTest.Run fixed = CliTest.run("apply", three, "--yes");

    assertThat(fixed.exitCode()).as(fixed.out() + fixed.err()).isZero();
    assertThat(fixed.out()).contains("Resuming run", "which failed");
    assertHealthy(before);
  }

  /**
   * A node on its way up is waited for, not started a second time, and before any stopped node is
   * started: two nodes of a cluster starting at once both go to ERROR.
   */
  @Test
  @Order(4)
  void aNodeStartingIsWaitedForBeforeAStoppedNodeIsStarted() throws Exception {
    Map<String, String> before = sharedHome();
    SandboxHosts.stopConfluence(sandboxDir, 2);
    SandboxHosts.stopConfluence(sandboxDir, 3);
    // A later -D wins over setenv.sh's: this start alone takes 15 s, still under way when the apply,
    // slow on a loaded machine (6 s seen on two busy cores), reaches node3's start.
    start(3, Map.of("CATALINA_OPTS", "-Dsandbox.startDelayMillis=15000"));
    awaitState(3, "STARTING");
    String pid = pid(3);

    CliTest.Run apply = CliTest.run("apply", three, "--yes", "--output", "json");

    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    assertThat(apply.err()).contains("node3  is STARTING: waited for until RUNNING, not started a second time",
        "node2  is stopped: started");
    List<JsonNode> events = events(apply);
    assertThat(ended(events, START)).containsExactly("node3", "node2");
    assertThat(events).anyMatch(e -> e.path("event").asText().equals("task_end") && e.path("node").asText()
        .equals("node3") && e.path("message").asText().contains("Confluence was starting already (/status STARTING, "
        + "process " + pid + " alive)"));
    assertThat(mostNodesInTransitAtOnce(events)).isEqualTo(1);
    assertThat(pid(3)).as("node3's process").isEqualTo(pid);
    assertHealthy(before);
  }

  /** The first node stopped while the others run is started; every node stopped, one at a time, first node first. */
  @Test
  @Order(5)
  void theFirstNodeStoppedThenEveryNodeStoppedAreStartedOneAtATimeFirstNodeFirst() throws Exception {
    Map<String, String> before = sharedHome();
    SandboxHosts.stopConfluence(sandboxDir, 1);

    CliTest.Run first = CliTest.run("apply", three, "--yes");

    assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
    assertThat(first.out()).contains("node1  is stopped: started");
    assertThat(state(1)).isEqualTo("RUNNING");

    for (int k = 3; k >= 1; k--) {
      SandboxHosts.stopConfluence(sandboxDir, k);
    }
    CliTest.Run all = CliTest.run("apply", three, "--yes", "--output", "json");

    assertThat(all.exitCode()).as(all.out() + all.err()).isZero();
    assertThat(all.err()).contains("node1  is stopped: started", "node2  is stopped: started",
        "node3  is stopped: started");
    List<JsonNode> events = events(all);
    assertThat(ended(events, START)).containsExactly("node1", "node2", "node3");
    assertThat(mostNodesInTransitAtOnce(events)).isEqualTo(1);
    assertHealthy(before);
  }

  /**
   * A process in the PID file that never answers /status: the start under way is waited for up to
   * startTimeout and the run fails saying so; once the admin kills it, apply starts the node.
   */
  @Test
  @Order(6)
  void aProcessThatNeverAnswersFailsTheRunThenOnceKilledApplyStartsTheNode() throws Exception {
    Map<String, String> before = sharedHome();
    SandboxHosts.stopConfluence(sandboxDir, 2);
    // In the host's environment, so the sandbox's mark is on it and Sandbox.down ends it whatever happens.
    ProcessBuilder builder = new ProcessBuilder("sleep", "600");
    builder.environment().putAll(Sandbox.hostEnvironment(sandboxDir, 2));
    Process silent = builder.start();
    try {
      Files.writeString(layout.installDir(2).resolve("work/catalina.pid"), silent.pid() + "\n");

      CliTest.Run failed = CliTest.run("apply", shortStart, "--yes");

      assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(1);
      assertThat(failed.out()).contains("node2  runs a process that does not answer on /status yet", "fatal: [node2]",
          "did not reach RUNNING within 5 s");
      assertThat(silent.isAlive()).as("the process orchestrate did not start is left to the admin").isTrue();
    } finally {
      silent.destroy();
      silent.waitFor();
    }

    CliTest.Run fixed = CliTest.run("apply", shortStart, "--yes");

    assertThat(fixed.exitCode()).as(fixed.out() + fixed.err()).isZero();
    assertHealthy(before);
  }

  /** A node of another build is refused before anything is touched, with the fix. */
  @Test
  @Order(7)
  void aNodeOfAnotherBuildIsRefusedAndNothingChanges() throws Exception {
    Map<String, String> before = sharedHome();
    String cfg = Files.readString(cfg(2));
    Files.writeString(cfg(2), cfg.replaceFirst("<buildNumber>(\\d+)</buildNumber>", "<buildNumber>9013</buildNumber>"));
    String build = buildNumber(1);
    Map<String, String> cfgs = cfgs();

    CliTest.Run plan = CliTest.run("plan", three, "--detailed-exitcode");
    CliTest.Run apply = CliTest.run("apply", three, "--yes");

    for (CliTest.Run run : List.of(plan, apply)) {
      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(4);
      assertThat(run.out() + run.err()).contains("node2 runs Confluence build 9013 and node1 build " + build,
          "upgrade them to one build");
    }
    assertThat(cfgs()).isEqualTo(cfgs);
    Files.writeString(cfg(2), cfg);
    assertHealthy(before);
  }

  /**
   * A node clustered under another name is refused: renaming a cluster is not supported. No other
   * test runs this refusal on hosts.
   */
  @Test
  @Order(8)
  void aNodeOfAnotherClusterNameIsRefusedAndNothingChanges() throws Exception {
    Map<String, String> before = sharedHome();
    String cfg = Files.readString(cfg(2));
    Files.writeString(cfg(2), cfg.replace("<property name=\"confluence.cluster.name\">sandbox-wiki</property>",
        "<property name=\"confluence.cluster.name\">another-wiki</property>"));
    Map<String, String> cfgs = cfgs();

    CliTest.Run plan = CliTest.run("plan", three, "--detailed-exitcode");
    CliTest.Run apply = CliTest.run("apply", three, "--yes");

    for (CliTest.Run run : List.of(plan, apply)) {
      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(4);
      assertThat(run.out() + run.err()).contains("node2 is a node of cluster 'another-wiki' but cluster.yaml names "
          + "'sandbox-wiki'", "renaming a cluster is not supported");
    }
    assertThat(cfgs()).isEqualTo(cfgs);
    Files.writeString(cfg(2), cfg);
    assertHealthy(before);
  }

  /** Another valid Data Center key put in on one node only: every node gets cluster.yaml's, one restart at a time. */
  @Test
  @Order(9)
  void aLicensePutInOnOneNodeOnlyIsReplacedOneRestartAtATime() throws Exception {
    Map<String, String> before = sharedHome();
    String wanted = license(1);
    String other = SimulatedLicense.create(SimulatedLicense.Edition.DATACENTER, "put-in-by-hand").strip();
    Files.writeString(cfg(2), Files.readString(cfg(2)).replace(wanted, other));
    assertThat(license(2)).isEqualTo(other);

    CliTest.Run apply = CliTest.run("apply", three, "--yes", "--output", "json");

    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    assertThat(apply.err()).contains("node2's license (atlassian.license.message) is not the one cluster.yaml names")
        .doesNotContain("node1's license", "node3's license");
    for (int k = 1; k <= 3; k++) {
      assertThat(license(k)).as("node%d's license", k).isEqualTo(wanted);
    }
    assertThat(mostNodesInTransitAtOnce(events(apply))).isEqualTo(1);
    assertHealthy(before);
  }

  /**
   * node3 emptied, then node1's installation copied there with {@code cp -a} and one file of it
   * changed: it is not a copy of node1's, so the copy refuses to keep it, having changed nothing
   * on node3; moved aside, apply resumes and copies both trees.
   */
  @Test
  @Order(10)
  void anInstallationAloneThatIsNotACopyFailsTheRunThenMovedAsideApplyCopiesIt() throws Exception {
    Map<String, String> before = sharedHome();
    SandboxHosts.stopConfluence(sandboxDir, 3);
    Files.move(layout.localHome(3), sibling(layout.localHome(3), "before-row-10"));
    Files.move(layout.installDir(3), sibling(layout.installDir(3), "before-row-10"));
    copyFirstNodesInstallationTo(3);
    Files.writeString(layout.installDir(3).resolve("bin/setenv.sh"), "# tuned by hand on node3\n",
        StandardOpenOption.APPEND);

    CliTest.Run failed = CliTest.run("apply", three, "--yes");

    assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(1);
    assertThat(failed.out()).contains("node3  has an installation at " + layout.installDir(3), "fatal: [node3]",
        layout.installDir(3) + " is there already on node3 and is not a copy of node1:" + layout.installDir(1),
        "move " + layout.installDir(3) + " aside and apply again");
    assertThat(Files.readString(layout.installDir(3).resolve("bin/setenv.sh"))).endsWith("# tuned by hand on node3\n");

    Files.move(layout.installDir(3), sibling(layout.installDir(3), "changed"));
    CliTest.Run fixed = CliTest.run("apply", three, "--yes");

    assertThat(fixed.exitCode()).as(fixed.out() + fixed.err()).isZero();
    assertHealthy(before);
  }

  /** A local home without an installation is refused with the fix; the fix followed, apply copies both. */
  @Test
  @Order(11)
  void aLocalHomeAloneIsRefusedWithTheFixThenFollowedApplyCopiesBoth() throws Exception {
    Map<String, String> before = sharedHome();
    SandboxHosts.stopConfluence(sandboxDir, 3);
    Files.move(layout.installDir(3), sibling(layout.installDir(3), "removed"));
    Map<String, String> cfgs = cfgs();

    CliTest.Run plan = CliTest.run("plan", three, "--detailed-exitcode");
    CliTest.Run apply = CliTest.run("apply", three, "--yes");

    String home = layout.localHome(3).toString();
    for (CliTest.Run run : List.of(plan, apply)) {
      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(4);
      assertThat(run.out() + run.err()).contains("node3 has a local home at " + home + " but no installation at "
          + layout.installDir(3), "(mv " + home + " " + home + ".old)");
    }
    assertThat(cfgs()).isEqualTo(cfgs);

    Files.move(layout.localHome(3), Path.of(home + ".old"));
    CliTest.Run fixed = CliTest.run("apply", three, "--yes");

    assertThat(fixed.exitCode()).as(fixed.out() + fixed.err()).isZero();
    assertHealthy(before);
  }

  /**
   * Back on Server, a former cluster node started by hand is stopped before the Server is
   * touched, and the Server serves alone; then the Server simply stopped is started.
   */
  @Test
  @Order(12)
  void backOnServerAFormerNodeStartedByHandIsStoppedFirstAndTheServerServes() throws Exception {
    String server = write("server.yaml", Files.readString(layout.clusterYaml())
        .replace("edition: datacenter", "edition: server").replace("licenses/datacenter.txt", "licenses/server.txt"));
    CliTest.Run back = CliTest.run("apply", server, "--yes");
    assertThat(back.exitCode()).as(back.out() + back.err()).isZero();
    assertThat(wikiOnTheServer()).isEqualTo(wiki);

    // The former node starts clustered on the Server's database: a cluster panic, both in ERROR.
    start(2, Map.of());
    awaitState(2, "ERROR");
    awaitState(1, "ERROR");

    CliTest.Run apply = CliTest.run("apply", server, "--yes", "--output", "json");

    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    assertThat(apply.err()).contains("Confluence beside the Server node1", "node2  is in ERROR (its log: ",
        "stopped before node1 is touched", "node1  is in ERROR (its log: ", "stopped and started again");
    List<JsonNode> events = events(apply);
    int node2Stopped = indexOf(events, "task_end", "node2", STOP);
    assertThat(node2Stopped).as(apply.out()).isNotNegative();
    assertThat(events.subList(0, node2Stopped)).as("node1's tasks before node2 is stopped")
        .noneMatch(e -> e.path("node").asText().equals("node1"));
    assertServerAlone(server);

    SandboxHosts.stopConfluence(sandboxDir, 1);
    CliTest.Run stopped = CliTest.run("apply", server, "--yes");

    assertThat(stopped.exitCode()).as(stopped.out() + stopped.err()).isZero();
    assertThat(stopped.out()).contains("node1  is stopped: started");
    assertServerAlone(server);
  }

  private static void assertHealthy(Map<String, String> before) {
    for (int k = 1; k <= 3; k++) {
      assertThat(state(k)).as("node" + k).isEqualTo("RUNNING");
    }
    assertThat(sharedHome()).isEqualTo(before);
    CliTest.Run plan = CliTest.run("plan", three, "--detailed-exitcode");
    assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
    healthy = true;
  }

  private static void assertServerAlone(String server) throws Exception {
    assertThat(state(1)).as("node1").isEqualTo("RUNNING");
    assertThat(state(2)).as("node2").isEqualTo("not running");
    assertThat(state(3)).as("node3").isEqualTo("not running");
    assertThat(wikiOnTheServer()).isEqualTo(wiki);
    CliTest.Run plan = CliTest.run("plan", server, "--detailed-exitcode");
    assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
    healthy = true;
  }

  private static String address(int k) {
    return "127.0.1." + (72 + k);
  }

  private static String state(int k) {
    return Sandbox.confluenceState(address(k), 8090);
  }

  private static Map<String, String> sharedHome() {
    return Attachments.of(layout.sharedHome());
  }

  /** The Server's attachments and shared-home files, named as they lie in a cluster's shared home. */
  private static Map<String, String> serverFiles() {
    Map<String, String> files = new TreeMap<>(Attachments.of(layout.localHome(1).resolve("shared-home")));
    Attachments.of(layout.localHome(1).resolve("attachments")).forEach((name, sum) -> files.put("attachments/" + name,
        sum));
    return files;
  }

  /**
   * The wiki's files, by their names in a shared home, where the way back to Server puts them (the
   * Atlassian's step 3): {@code config/} into {@code <local home>/shared-home}, the rest of the shared
   * home, attachments included, into {@code <local home>} itself; "missing" for a file not there.
   */
  private static Map<String, String> wikiOnTheServer() throws Exception {
    Path home = layout.localHome(1);
    Map<String, String> files = new TreeMap<>();
    for (String name : wiki.keySet()) {
      Path file = home.resolve(name.startsWith("config/") ? "shared-home/" + name : name);
      files.put(name, Files.isRegularFile(file) ? HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(Files.readAllBytes(file))) : "missing");
    }
    return files;
  }

  private static String write(String name, String yaml) throws Exception {
    Path file = sandboxDir.resolve(name);
    Files.writeString(file, yaml);
    return file.toString();
  }

  private static Path cfg(int k) {
    return layout.localHome(k).resolve("confluence.cfg.xml");
  }

  /** Every node's confluence.cfg.xml that exists, by node: what a refusal must leave as it was. */
  private static Map<String, String> cfgs() throws Exception {
    Map<String, String> cfgs = new TreeMap<>();
    for (int k = 1; k <= 3; k++) {
      if (Files.exists(cfg(k))) {
        cfgs.put("node" + k, Files.readString(cfg(k)));
      }
    }
    return cfgs;
  }

  /**
   * Puts node {@code k} in ERROR as an admin could: a wrong database password in its
   * confluence.cfg.xml, and a start with its own script. Returns the file as it was, the fix.
   */
  private static String breakDatabasePassword(int k) throws Exception {
    String cfg = Files.readString(cfg(k));
    SandboxHosts.stopConfluence(sandboxDir, k);
    Files.writeString(cfg(k), cfg.replaceFirst("(<property name=\"hibernate.connection.password\">)[^<]*",
        "$1not-the-password"));
    start(k, Map.of());
    awaitState(k, "ERROR");
    return cfg;
  }

  private static String lastErrorLine(int k) throws Exception {
    List<String> errors = Files.readAllLines(layout.localHome(k).resolve("logs/atlassian-confluence.log")).stream()
        .filter(line -> line.contains(" ERROR ")).toList();
    assertThat(errors).as("ERROR lines in node%d's log", k).isNotEmpty();
    return errors.get(errors.size() - 1);
  }

  private static String buildNumber(int k) throws Exception {
    Matcher build = Pattern.compile("<buildNumber>(\\d+)</buildNumber>").matcher(Files.readString(cfg(k)));
    assertThat(build.find()).isTrue();
    return build.group(1);
  }

  /** The license key in node {@code k}'s confluence.cfg.xml, as written there. */
  private static String license(int k) throws Exception {
    Matcher key = Pattern.compile("<property name=\"atlassian.license.message\">([^<]*)</property>")
        .matcher(Files.readString(cfg(k)));
    assertThat(key.find()).as("a license in node%d's confluence.cfg.xml", k).isTrue();
    return key.group(1);
  }

  private static String pid(int k) throws Exception {
    return Files.readString(layout.installDir(k).resolve("work/catalina.pid")).strip();
  }

  private static Path sibling(Path path, String suffix) {
    return path.resolveSibling(path.getFileName() + "." + suffix);
  }

  /** Starts node {@code k}'s Confluence with its own start script, as someone on that host would. */
  private static void start(int k, Map<String, String> environment) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("/bin/sh", layout.installDir(k).resolve("bin/start-confluence.sh")
        .toString()).directory(layout.userHome(k).toFile()).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(Sandbox.hostEnvironment(sandboxDir, k));
    builder.environment().putAll(environment);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("start-confluence.sh on node%d: %s", k, out).isZero();
  }

  private static void awaitState(int k, String wanted) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    String seen;
    while (!(seen = state(k)).equals(wanted)) {
      assertThat(Instant.now()).as("node%d is %s, not %s", k, seen, wanted).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  /** node1's installation copied to node {@code k} with {@code cp -a}, as a copy cut off leaves it. */
  private static void copyFirstNodesInstallationTo(int k) throws Exception {
    Files.createDirectories(layout.installDir(k).getParent());
    run("cp", "-a", layout.installDir(1).toString(), layout.installDir(k).toString());
    // node1 runs, so its PID file came along; a copy of a stopped node, as orchestrate makes, has none.
    Files.delete(layout.installDir(k).resolve("work/catalina.pid"));
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
  }

  /** The events of an apply run with {@code --output json}. */
  private static List<JsonNode> events(CliTest.Run run) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    for (String line : run.out().lines().toList()) {
      events.add(JSON.readTree(line));
    }
    return events;
  }

  /** The nodes on which {@code task} ended, in the order it did. */
  private static List<String> ended(List<JsonNode> events, String task) {
    return events.stream().filter(e -> e.path("event").asText().equals("task_end") && e.path("task").asText()
        .equals(task)).map(e -> e.path("node").asText()).toList();
  }

  private static int indexOf(List<JsonNode> events, String event, String node, String task) {
    for (int i = 0; i < events.size(); i++) {
      JsonNode e = events.get(i);
      if (e.path("event").asText().equals(event) && e.path("node").asText().equals(node)
          && e.path("task").asText().equals(task)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The most nodes being stopped or started at one moment of the run: each from the start of its
   * stop (or of its start) until its start has ended.
   */
  private static int mostNodesInTransitAtOnce(List<JsonNode> events) {
    Set<String> inTransit = new HashSet<>();
    int most = 0;
    for (JsonNode e : events) {
      String task = e.path("task").asText();
      String event = e.path("event").asText();
      if (event.equals("task_start") && (task.equals(STOP) || task.equals(START))) {
        inTransit.add(e.path("node").asText());
      } else if (event.equals("task_end") && task.equals(START)) {
        inTransit.remove(e.path("node").asText());
      }
      most = Math.max(most, inTransit.size());
    }
    return most;
  }
}
