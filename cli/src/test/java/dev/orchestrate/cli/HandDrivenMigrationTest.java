package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.Node;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.topology.TopologyLoader;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.CopyListener;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.Shell;
import dev.orchestrate.sandbox.CfgXml;
import dev.orchestrate.sandbox.Sandbox;
import dev.orchestrate.ssh.SshTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Atlassian's Server to Data Center procedure done by hand, step by step, through the SSH
 * transport on a two-host sandbox: no executor, no playbook. It proves the sandbox is strict and
 * faithful enough for the real thing, and that the transport can do each step: the two nodes end
 * RUNNING as one cluster, with every attachment as it was.
 */
class HandDrivenMigrationTest {
  @TempDir
  Path dir;

  @Test
  void serverBecomesATwoNodeClusterThroughTheTransport() throws Exception {
    Sandbox.Options options = Sandbox.Options.defaults().withDir(dir.resolve("sandbox")).withNodes(2)
        .withAttachmentsMb(3).withFirstAddress("127.0.1.81").withStartDelay(Duration.ofMillis(300));
    Sandbox.Status sandbox = Sandbox.up(options);
    Environment environment = new Environment(Map.of(), dir, System.getProperty("user.name"));
    try (SshTransport transport = SshTransport.create(environment, SshTransport.Options.defaults())) {
      Topology topology = TopologyLoader.create(environment).load(sandbox.layout().clusterYaml()).orThrow();
      Node first = topology.first();
      Node second = topology.others().get(0);
      Host one = Host.of(first);
      Host two = Host.of(second);
      transport.connect(List.of(one, two));
      RemotePath shared = topology.confluence().sharedHome().orElseThrow();
      String checksums = "cd %s && find attachments -type f -exec sha256sum {} + | LC_ALL=C sort";
      String before = ok(transport.run(one, Command.of(checksums.formatted(q(first.localHome()))))).stdout();

      // Atlassian's step 2: a Data Center license; then shut down.
      stop(transport, one, first);
      // Step 3: a shared home, with <home>/shared-home's contents and the attachments moved in.
      ok(transport.run(one, Command.of("set -e; mkdir -p " + q(shared) + "; mv " + q(first.localHome().resolve("shared-home"))
          + "/* " + q(shared) + "/; rmdir " + q(first.localHome().resolve("shared-home")) + "; mv "
          + q(first.localHome().resolve("attachments")) + " " + q(shared.resolve("attachments")))));
      RemotePath cfg = first.localHome().resolve("confluence.cfg.xml");
      String license = Files.readString(sandbox.layout().dataCenterLicense()).strip();
      CfgXml clustered = CfgXml.parse(new String(transport.download(one, cfg, 1 << 20).orElseThrow(),
          StandardCharsets.UTF_8)).setAll(Map.of("atlassian.license.message", license, "confluence.cluster", "true",
          "confluence.cluster.name", topology.cluster().name(), "confluence.cluster.home", shared.value(),
          "confluence.cluster.join.type", "tcp_ip", "confluence.cluster.peers", one.address() + "," + two.address()))
          .element("setupType", "cluster");
      transport.upload(one, cfg, clustered.toString().getBytes(StandardCharsets.UTF_8), 0600);
      // Step 4: start the first node alone, and wait until it serves.
      start(transport, one, first);
      // Copy Confluence to the second node: both stopped, install and home copied, confluence.home fixed.
      stop(transport, one, first);
      transport.copyTree(one, first.installDir(), two, second.installDir(), CopyListener.IGNORE);
      transport.copyTree(one, first.localHome(), two, second.localHome(), CopyListener.IGNORE);
      transport.upload(two, second.installDir().resolve("confluence/WEB-INF/classes/confluence-init.properties"),
          ("confluence.home=" + second.localHome() + "\n").getBytes(StandardCharsets.UTF_8), 0644);
      // Step 6: start node 1, wait, then node 2.
      start(transport, one, first);
      start(transport, two, second);

      HttpClient http = HttpClient.newHttpClient();
      http.send(HttpRequest.newBuilder(URI.create("http://" + one.address() + ":8090/rest/api/content"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Hello cluster\",\"body\":\"from node 1\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      String read = http.send(HttpRequest.newBuilder(URI.create("http://" + two.address()
          + ":8090/rest/api/content?title=Hello%20cluster")).build(), HttpResponse.BodyHandlers.ofString()).body();
      assertThat(read).contains("\"body\":\"from node 1\"", "\"servedBy\":\"" + two.address() + "\"");
      assertThat(Sandbox.confluenceState(one.address(), 8090)).isEqualTo("RUNNING");
      String after = ok(transport.run(one, Command.of(checksums.formatted(q(shared))))).stdout();
      assertThat(after).isEqualTo(before).isNotEmpty();
    } finally {
      Sandbox.down(options.dir());
    }
  }

  private static void stop(SshTransport transport, Host host, Node node) {
    ok(transport.run(host, Command.of(q(node.installDir().resolve("bin/stop-confluence.sh")))));
    assertThat(Sandbox.confluenceState(host.address(), 8090)).isEqualTo("not running");
  }

  private static void start(SshTransport transport, Host host, Node node) {
    ok(transport.run(host, Command.of(q(node.installDir().resolve("bin/start-confluence.sh")))));
    String state = "";
    for (int i = 0; i < 200 && !state.equals("RUNNING") && !state.equals("ERROR"); i++) {
      state = Sandbox.confluenceState(host.address(), 8090);
      sleep(50);
    }
    assertThat(state).as(host.name() + " after start").isEqualTo("RUNNING");
  }

  private static CommandResult ok(CommandResult result) {
    assertThat(result.succeeded()).as(result.stderr()).isTrue();
    return result;
  }

  private static String q(RemotePath path) {
    return Shell.quote(path.value());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
