package dev.orchestrate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.topology.TopologyLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole sandbox, up and down: each host reachable with OpenSSH's own client using only the
 * files the sandbox made, node 1 running Confluence Server, a cluster.yaml that validates, and
 * nothing left running after down.
 */
class SandboxTest {
  @TempDir
  Path dir;

  private Sandbox.Options options() {
    return Sandbox.Options.defaults().withDir(dir.resolve("sandbox")).withNodes(2).withAttachmentsMb(2)
        .withFirstAddress("127.0.1.71").withStartDelay(Duration.ofMillis(300));
  }

  private static String ssh(String command) throws IOException, InterruptedException {
    List<String> words = new ArrayList<>(List.of(command.split(" ")));
    words.addAll(List.of("-o", "BatchMode=yes", "echo", "on", "$SANDBOX_HOST", "in", "$PWD"));
    Process process = new ProcessBuilder(words).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return output.strip();
  }

  @Test
  void upGivesHostsReachableOverSshWithARunningServerNodeAndDownLeavesNothing() throws Exception {
    boolean inCi = System.getenv("CI") != null;
    assumeTrue(inCi || Files.isExecutable(Path.of("/usr/bin/ssh")), "skipped outside CI: needs OpenSSH's ssh client");
    Sandbox.Status status = Sandbox.up(options());
    try {
      assertThat(status.running()).isTrue();
      assertThat(status.hosts()).extracting(Sandbox.Host::address).containsExactly("127.0.1.71", "127.0.1.72");
      assertThat(status.hosts()).extracting(Sandbox.Host::confluence).containsExactly("RUNNING", "not running");
      for (Sandbox.Host host : status.hosts()) {
        assertThat(ssh(status.sshCommand(host))).isEqualTo("on " + host.name() + " in " + host.root().resolve("home"));
      }
      Path layoutDir = status.layout().dir();
      Topology topology = TopologyLoader.create(new Environment(Map.of(), dir, "tester"))
          .load(status.layout().clusterYaml()).orThrow();
      assertThat(topology.nodes()).hasSize(2);
      assertThat(topology.first().localHome().value()).startsWith(layoutDir.toString());
      assertThatThrownBy(() -> Sandbox.up(options())).hasMessageContaining("runs in " + layoutDir + " already");
    } finally {
      Sandbox.down(options().dir());
    }

    assertThat(ProcessSweeper.marked(options().dir().toAbsolutePath())).isEmpty();
    Sandbox.Status after = Sandbox.status(options().dir());
    assertThat(after.running()).isFalse();
    assertThat(after.hosts()).allSatisfy(h -> {
      assertThat(h.sshUp()).isFalse();
      assertThat(h.confluence()).isEqualTo("not running");
    });
  }

  @Test
  void neverClearsADirectoryThatIsNotASandbox() throws IOException {
    Path precious = Files.createDirectories(dir.resolve("precious"));
    Files.writeString(precious.resolve("notes.txt"), "keep me");

    assertThatThrownBy(() -> Sandbox.up(options().withDir(precious))).hasMessageContaining("not a sandbox's");
    assertThat(Files.readString(precious.resolve("notes.txt"))).isEqualTo("keep me");
  }
}
