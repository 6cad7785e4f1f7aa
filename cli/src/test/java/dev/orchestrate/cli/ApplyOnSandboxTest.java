package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrate.core.journal.ClusterLock;
import dev.orchestrate.core.journal.ClusterState;
import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.topology.TopologyLoader;
import dev.orchestrate.sandbox.Sandbox;
import dev.orchestrate.ssh.SshTransport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code orchestrate apply} end to end on sandboxes: Server to Data Center with 2 and 3 nodes, a
 * second apply that changes nothing, a fourth node added to the running cluster, the way back to
 * Server; every attachment's checksum kept; JSON events, the JUnit report and every file the run
 * wrote free of the sandbox's secrets; a second apply refused while the lock is held.
 */
class ApplyOnSandboxTest {
  @TempDir
  Path dir;

  private Sandbox.Status up(String firstAddress, int nodes) {
    return SandboxHosts.up(dir.resolve("sandbox"), firstAddress, nodes, 2);
  }

  @Test
  void serverBecomesAThreeNodeClusterThenNothingChanges() throws Exception {
    Sandbox.Status sandbox = up("127.0.1.141", 3);
    try {
      String yaml = sandbox.layout().clusterYaml().toString();
      Map<String, String> before = Attachments.of(sandbox.layout().localHome(1).resolve("attachments"));
      Path junit = dir.resolve("report.xml");

      CliTest.Run apply = CliTest.run("apply", yaml, "--yes", "--output", "json", "--junit", junit.toString());

      assertThat(apply.exitCode()).as(apply.err()).isZero();
      List<JsonNode> events = new ArrayList<>();
      for (String line : apply.out().lines().toList()) {
        events.add(new ObjectMapper().readTree(line));
      }
      assertThat(events).allMatch(e -> e.hasNonNull("event") && e.hasNonNull("run"));
      JsonNode summary = events.get(events.size() - 1);
      assertThat(summary.path("event").asText()).isEqualTo("summary");
      assertThat(summary.path("exit_code").asInt()).isZero();
      assertThat(events).anyMatch(e -> e.path("event").asText().equals("task_end") && e.path("node").asText().equals("node3"));
      var report = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
      assertThat(report.getElementsByTagName("testcase").getLength()).isGreaterThan(20);
      assertThat(report.getElementsByTagName("failure").getLength()).isZero();

      for (int k = 1; k <= 3; k++) {
        assertThat(Sandbox.confluenceState("127.0.1.14" + k, 8090)).as("node" + k).isEqualTo("RUNNING");
      }
      assertThat(Attachments.of(sandbox.layout().sharedHome().resolve("attachments"))).isEqualTo(before).isNotEmpty();
      assertThat(pageWrittenThroughIsReadThrough("127.0.1.141", "127.0.1.143")).isTrue();

      CliTest.Run again = CliTest.run("apply", yaml, "--yes");
      assertThat(again.exitCode()).isZero();
      assertThat(again.out()).contains("No changes.");
      assertThat(CliTest.run("plan", yaml, "--detailed-exitcode").exitCode()).isZero();

      // A node found stopped is started again: cluster.yaml describes a cluster whose every node serves.
      SandboxHosts.stopConfluence(dir.resolve("sandbox"), 3);
      CliTest.Run stopped = CliTest.run("plan", yaml, "--detailed-exitcode");
      assertThat(stopped.exitCode()).isEqualTo(2);
      assertThat(stopped.out()).contains("node3 not serving", "Start each node that does not serve, one at a time");
      assertThat(CliTest.run("apply", yaml, "--yes").exitCode()).isZero();
      assertThat(Sandbox.confluenceState("127.0.1.143", 8090)).isEqualTo("RUNNING");

      List<String> secrets = secretsOf(sandbox);
      List<Path> written = new ArrayList<>(List.of(junit));
      try (Stream<Path> files = Stream.concat(Files.walk(sandbox.layout().dir().resolve(".orchestrate")),
          Files.walk(sandbox.layout().localHome(1).getParent().resolve("orchestrate")))) {
        files.filter(Files::isRegularFile).forEach(written::add);
      }
      assertThat(written).hasSizeGreaterThan(4);
      for (String secret : secrets) {
        assertThat(apply.out() + apply.err() + again.out() + again.err()).doesNotContain(secret);
        for (Path file : written) {
          assertThat(Files.readString(file)).as(file.toString()).doesNotContain(secret);
        }
      }
    } finally {
      Sandbox.down(dir.resolve("sandbox"));
    }
  }

  @Test
  void twoNodesThenAFourthAddedToTheRunningClusterThenBackToServer() throws Exception {
    Sandbox.Status sandbox = up("127.0.1.145", 3);
    try {
      Path full = sandbox.layout().clusterYaml();
      Path twoNodes = dir.resolve("sandbox").resolve("two-nodes.yaml");
      Files.writeString(twoNodes, withoutNode(Files.readString(full), "node3"));
      Map<String, String> before = Attachments.of(sandbox.layout().localHome(1).resolve("attachments"));

      CliTest.Run two = CliTest.run("apply", twoNodes.toString(), "--yes");
      assertThat(two.exitCode()).as(two.out() + two.err()).isZero();
      assertThat(Sandbox.confluenceState("127.0.1.146", 8090)).isEqualTo("RUNNING");
      assertThat(sandbox.layout().installDir(3)).doesNotExist();

      CliTest.Run plan = CliTest.run("plan", full.toString());
      assertThat(plan.out()).contains("adds node3", "Update the peers", "Copy Confluence to the new nodes");
      CliTest.Run three = CliTest.run("apply", full.toString(), "--yes");
      assertThat(three.exitCode()).as(three.out() + three.err()).isZero();
      for (int k = 1; k <= 3; k++) {
        assertThat(Sandbox.confluenceState("127.0.1.14" + (4 + k), 8090)).as("node" + k).isEqualTo("RUNNING");
        assertThat(Files.readString(sandbox.layout().localHome(k).resolve("confluence.cfg.xml")))
            .contains("127.0.1.145,127.0.1.146,127.0.1.147");
      }
      assertThat(pageWrittenThroughIsReadThrough("127.0.1.147", "127.0.1.145")).isTrue();
      CliTest.Run restart = CliTest.run("run", "rolling-restart", "--topology", full.toString());
      assertThat(restart.exitCode()).as(restart.out()).isZero();
      assertThat(restart.out().lines().filter(l -> l.startsWith("changed: ["))).hasSize(3);

      Path server = dir.resolve("sandbox").resolve("server.yaml");
      Files.writeString(server, Files.readString(full).replace("edition: datacenter", "edition: server")
          .replace("licenses/datacenter.txt", "licenses/server.txt"));
      CliTest.Run back = CliTest.run("apply", server.toString(), "--yes");
      assertThat(back.exitCode()).as(back.out() + back.err()).isZero();
      assertThat(Sandbox.confluenceState("127.0.1.145", 8090)).isEqualTo("RUNNING");
      assertThat(Sandbox.confluenceState("127.0.1.146", 8090)).isEqualTo("not running");
      assertThat(Files.readString(sandbox.layout().localHome(1).resolve("confluence.cfg.xml")))
          .doesNotContain("confluence.cluster.home");
      assertThat(Attachments.of(sandbox.layout().localHome(1).resolve("attachments"))).isEqualTo(before);
      assertThat(CliTest.run("plan", server.toString(), "--detailed-exitcode").exitCode()).isZero();
    } finally {
      Sandbox.down(dir.resolve("sandbox"));
    }
  }

  @Test
  void withoutATerminalOrYesNothingHappensAsWithADryRunOrWhileTheLockIsHeld() throws Exception {
    Sandbox.Status sandbox = up("127.0.1.149", 1);
    try {
      Path yaml = sandbox.layout().clusterYaml();
      Path cfg = sandbox.layout().localHome(1).resolve("confluence.cfg.xml");
      String untouched = Files.readString(cfg);

      CliTest.Run unconfirmed = CliTest.run("apply", yaml.toString());
      assertThat(unconfirmed.exitCode()).isEqualTo(4);
      assertThat(unconfirmed.err()).contains("no terminal to confirm on", "--yes");
      CliTest.Run dryRun = CliTest.run("apply", yaml.toString(), "--dry-run");
      assertThat(dryRun.exitCode()).as(dryRun.out() + dryRun.err()).isZero();
      assertThat(dryRun.out()).contains("Dry run done: nothing was changed.");
      assertThat(Files.readString(cfg)).isEqualTo(untouched);
      assertThat(sandbox.layout().sharedHome()).doesNotExist();

      Path saved = dir.resolve("saved.plan");
      assertThat(CliTest.run("plan", yaml.toString(), "--out", saved.toString()).exitCode()).isZero();
      Files.writeString(yaml, Files.readString(yaml) + "# edited after the plan was made\n");
      CliTest.Run stale = CliTest.run("apply", yaml.toString(), "--plan", saved.toString(), "--yes");
      assertThat(stale.exitCode()).isEqualTo(4);
      assertThat(stale.err()).contains("no longer matches", "cluster.yaml changed", "orchestrate plan");
      Path knownHosts = sandbox.layout().knownHosts();
      String trusted = Files.readString(knownHosts);
      Files.writeString(knownHosts, trusted.replaceAll("(ecdsa-sha2-nistp256|ssh-ed25519) \\S+",
          "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOq8VQ5Ej3ZG1TSEnd0HcQvPcaLwjMW9IW2YtYW2CNUO"));
      CliTest.Run changedKey = CliTest.run("apply", yaml.toString(), "--yes");
      assertThat(changedKey.exitCode()).as(changedKey.err()).isEqualTo(3);
      Files.writeString(knownHosts, trusted);
      assertThat(Files.readString(cfg)).isEqualTo(untouched);

      Topology topology = TopologyLoader.create(Environment.system()).load(yaml).orThrow();
      try (SshTransport transport = SshTransport.create(Environment.system(), SshTransport.Options.defaults());
          ClusterLock held = ClusterLock.acquire(transport, ClusterState.find(transport, topology),
              new ClusterLock.Holder("other-run", "apply", "ci-runner-7", "deploy", 4242, Instant.now()), false, w -> { })) {
        CliTest.Run second = CliTest.run("apply", yaml.toString(), "--yes");
        assertThat(second.exitCode()).isEqualTo(5);
        assertThat(second.err()).contains("locked by run other-run", "deploy@ci-runner-7", "pid 4242", "--force-unlock");
        assertThat(held.holder().run()).isEqualTo("other-run");
      }
      assertThat(Sandbox.confluenceState("127.0.1.149", 8090)).isEqualTo("RUNNING");
      assertThat(Files.readString(cfg)).isEqualTo(untouched);
    } finally {
      Sandbox.down(dir.resolve("sandbox"));
    }
  }

  @Test
  void standaloneSynchronyOnTwoNodesWithItsSecretsNeverOnACommandLine() throws Exception {
    Sandbox.Status sandbox = up("127.0.1.151", 3);
    try {
      Path sandboxDir = dir.resolve("sandbox");
      String yaml = Files.readString(sandbox.layout().clusterYaml()).replace("database:",
          "synchrony:\n  mode: standalone\n  url: https://wiki.example.com/synchrony\n  hosts: [node1, node2]\n\ndatabase:");
      for (int k = 1; k <= 3; k++) {
        String home = "    localHome: " + sandbox.layout().localHome(k) + "\n";
        yaml = yaml.replace(home, home + "    synchronyHome: " + sandbox.layout().hostRoot(k).resolve("synchrony") + "\n");
      }
      Path file = sandboxDir.resolve("synchrony.yaml");
      Files.writeString(file, yaml);

      CliTest.Run apply = CliTest.run("apply", file.toString(), "--yes");

      assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
      HttpClient http = HttpClient.newHttpClient();
      for (String address : List.of("127.0.1.151", "127.0.1.152")) {
        HttpResponse<String> heartbeat = http.send(HttpRequest.newBuilder(URI.create("http://" + address
            + ":8091/synchrony/heartbeat")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(heartbeat.body()).as(address).isEqualTo("OK");
      }
      assertThat(sandbox.layout().hostRoot(3).resolve("synchrony")).doesNotExist();
      for (int k = 1; k <= 3; k++) {
        assertThat(Files.readString(sandbox.layout().installDir(k).resolve("bin/setenv.sh")))
            .contains("-Dsynchrony.service.url=https://wiki.example.com/synchrony/v1");
      }
      String password = Files.readString(sandbox.layout().databasePassword()).strip();
      long current = ProcessHandle.current().pid();
      assertThat(ProcessHandle.allProcesses().filter(p -> p.pid() != current)
          .map(p -> p.info().arguments().map(a -> String.join(" ", a)).orElse(""))
          .filter(args -> args.contains(password))).isEmpty();

      List<Long> standalone = new java.util.ArrayList<>();
      for (int k = 1; k <= 2; k++) {
        standalone.add(Long.parseLong(Files.readString(sandbox.layout().hostRoot(k).resolve("synchrony/synchrony.pid"))
            .strip()));
      }

      CliTest.Run rollback = CliTest.run("rollback", file.toString(), "--yes");
      assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isZero();
      // Standalone Synchrony is stopped on both hosts; node1, a Server again, runs its own managed
      // Synchrony on 8091 as a Server does, and node2 runs nothing.
      for (long pid : standalone) {
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("standalone Synchrony, pid " + pid)
            .isFalse();
      }
      assertThat(answers(http, "http://127.0.1.152:8091/synchrony/heartbeat")).isFalse();
      assertThat(answers(http, "http://127.0.1.151:8091/synchrony/heartbeat")).as("the Server's managed Synchrony")
          .isTrue();
      assertThat(Sandbox.confluenceState("127.0.1.151", 8090)).isEqualTo("RUNNING");
      assertThat(Files.readString(sandbox.layout().installDir(1).resolve("bin/setenv.sh")))
          .doesNotContain("synchrony.service.url");
    } finally {
      Sandbox.down(dir.resolve("sandbox"));
    }
  }

  @Test
  void aNodeThatCanNeverStartEndsInExitSixWithTheServerIntact() throws Exception {
    Sandbox.Status sandbox = up("127.0.1.155", 3);
    try {
      Path sandboxDir = dir.resolve("sandbox");
      // node3's local home on a disk node3 cannot see (inside node2's): it is copied, and never starts.
      String yaml = Files.readString(sandbox.layout().clusterYaml()).replace(
          "    localHome: " + sandbox.layout().localHome(3) + "\n",
          "    localHome: " + sandbox.layout().hostRoot(2).resolve("elsewhere/node3-home") + "\n");
      Path broken = sandboxDir.resolve("broken.yaml");
      Files.writeString(broken, yaml);
      Path cfg = sandbox.layout().localHome(1).resolve("confluence.cfg.xml");
      String cfgBefore = Files.readString(cfg);
      Map<String, String> before = Attachments.of(sandbox.layout().localHome(1).resolve("attachments"));

      CliTest.Run apply = CliTest.run("apply", broken.toString(), "--yes", "--rollback-on-failure");

      assertThat(apply.exitCode()).as(apply.out() + apply.err()).isEqualTo(6);
      assertThat(apply.out()).contains("fatal: [node3]", "rolling back run", "Rollback complete.", "Exit 6.");
      assertThat(Sandbox.confluenceState("127.0.1.155", 8090)).isEqualTo("RUNNING");
      assertThat(Sandbox.confluenceState("127.0.1.156", 8090)).isEqualTo("not running");
      assertThat(Sandbox.confluenceState("127.0.1.157", 8090)).isEqualTo("not running");
      assertThat(Files.readString(cfg)).isEqualTo(cfgBefore);
      assertThat(Attachments.of(sandbox.layout().localHome(1).resolve("attachments"))).isEqualTo(before);
      assertThat(sandbox.layout().sharedHome()).doesNotExist();
      assertThat(CliTest.run("rollback", broken.toString(), "--yes").out()).contains("Nothing to roll back");
    } finally {
      Sandbox.down(dir.resolve("sandbox"));
    }
  }

  private static boolean answers(HttpClient http, String url) {
    try {
      http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString());
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String withoutNode(String yaml, String node) {
    return yaml.replaceAll("(?m)^  - name: " + node + "\\n(    .*\\n)*", "");
  }

  private static boolean pageWrittenThroughIsReadThrough(String writer, String reader) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String title = "page-" + System.nanoTime();
    http.send(HttpRequest.newBuilder(URI.create("http://" + writer + ":8090/rest/api/content"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"" + title + "\",\"body\":\"shared\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create("http://" + reader
        + ":8090/rest/api/content?title=" + title)).build(), HttpResponse.BodyHandlers.ofString());
    return read.statusCode() == 200 && read.body().contains("\"body\":\"shared\"");
  }

  /** The sandbox's password, both licenses, and the JWT keys in node 1's confluence.cfg.xml. */
  private static List<String> secretsOf(Sandbox.Status sandbox) throws IOException {
    List<String> secrets = new ArrayList<>();
    secrets.add(Files.readString(sandbox.layout().databasePassword()).strip());
    for (Path license : List.of(sandbox.layout().dataCenterLicense(), sandbox.layout().serverLicense())) {
      Files.readString(license).lines().filter(l -> l.length() > 20).forEach(secrets::add);
    }
    String cfg = Files.readString(sandbox.layout().localHome(1).resolve("confluence.cfg.xml"));
    Matcher jwt = Pattern.compile("<property name=\"jwt\\.(private|public)\\.key\">([^<]+)</property>").matcher(cfg);
    int keys = 0;
    while (jwt.find()) {
      secrets.add(jwt.group(2).strip().substring(0, Math.min(40, jwt.group(2).strip().length())));
      keys++;
    }
    assertThat(keys).as("JWT keys in the sandbox's confluence.cfg.xml").isEqualTo(2);
    return secrets;
  }
}
