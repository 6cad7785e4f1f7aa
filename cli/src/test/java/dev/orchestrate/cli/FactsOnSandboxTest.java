package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.facts.FactGatherer;
import dev.orchestrate.core.facts.Facts;
import dev.orchestrate.core.facts.LicenseEdition;
import dev.orchestrate.core.facts.NodeFacts;
import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.topology.TopologyLoader;
import dev.orchestrate.sandbox.Sandbox;
import dev.orchestrate.ssh.SshTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Facts read over SSH from a three-host sandbox: the running Server on node1 as it is, the two
 * bare hosts beside it, and the same digest for an untouched deployment read twice.
 */
class FactsOnSandboxTest {
  @TempDir
  Path dir;

  @Test
  void readsTheServerNodeAndTheBareHostsOfASandbox() throws Exception {
    Sandbox.Options options = Sandbox.Options.defaults().withDir(dir.resolve("sandbox")).withNodes(3)
        .withAttachmentsMb(2).withFirstAddress("127.0.1.91").withStartDelay(Duration.ofMillis(300));
    Sandbox.Status sandbox = Sandbox.up(options);
    Environment environment = new Environment(Map.of(), dir, System.getProperty("user.name"));
    try (SshTransport transport = SshTransport.create(environment, SshTransport.Options.defaults())) {
      Topology topology = TopologyLoader.create(environment).load(sandbox.layout().clusterYaml()).orThrow();
      FactGatherer gatherer = FactGatherer.create(transport);

      Facts facts = gatherer.gather(topology);

      assertThat(List.copyOf(facts.nodes().keySet())).containsExactly("node1", "node2", "node3");
      NodeFacts server = facts.node("node1");
      assertThat(server.reachable()).as(server.unreachableReason().orElse("")).isTrue();
      assertThat(server.installed()).isTrue();
      assertThat(server.configuredHome()).contains(topology.first().localHome().value());
      assertThat(server.setupStep()).contains("complete");
      assertThat(server.state()).contains("RUNNING");
      assertThat(server.pidAlive()).isTrue();
      assertThat(server.clustered()).isFalse();
      assertThat(server.licenseEdition()).isEqualTo(LicenseEdition.SERVER);
      assertThat(server.licenseDigest()).contains(sha256(Files.readString(sandbox.layout().serverLicense()).strip()));
      assertThat(server.localSharedHome()).isTrue();
      assertThat(server.localAttachments()).isTrue();
      assertThat(server.attachmentsBytes().orElseThrow()).isGreaterThanOrEqualTo(2L * 1024 * 1024);
      for (String bare : List.of("node2", "node3")) {
        NodeFacts host = facts.node(bare);
        assertThat(host.reachable()).as(bare + ": " + host.unreachableReason().orElse("")).isTrue();
        assertThat(host.installed()).as(bare).isFalse();
        assertThat(host.homeExists()).as(bare).isFalse();
        assertThat(host.state()).as(bare).isEmpty();
        assertThat(host.licenseEdition()).as(bare).isEqualTo(LicenseEdition.NONE);
        assertThat(host.freeBytes()).as(bare).containsKeys(NodeFacts.INSTALL_DIR, NodeFacts.LOCAL_HOME);
      }
      assertThat(gatherer.gather(topology).digest()).isEqualTo(facts.digest());
    } finally {
      Sandbox.down(options.dir());
    }
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
