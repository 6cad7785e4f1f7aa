package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import dev.orchestrate.sandbox.Sandbox;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./orchestrate} launcher run as a user runs it, on the jar this build just packaged.
 * ORCHESTRATE_NO_BUILD=1 makes a stale jar an error instead of a nested Maven build.
 */
class LauncherIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  record Run(int exitCode, String out) {}

  private static Run launch(String... args) throws IOException, InterruptedException {
    return launch(60, args);
  }

  static Run launch(int seconds, String... args) throws IOException, InterruptedException {
    return launch(seconds, Map.of(), args);
  }

  static Run launch(int seconds, Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("orchestrate").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
    builder.environment().put("ORCHESTRATE_NO_BUILD", "1");
    builder.environment().putAll(environment);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), out);
  }

  @Test
  void runsTheBuiltJar() throws Exception {
    Run run = launch("--version");

    assertThat(run.exitCode()).as(run.out()).isZero();
    assertThat(run.out()).startsWith("orchestrate ");
  }

  @Test
  void sandboxUpPrintsWhatReachesEachHostAndDownStopsIt() throws Exception {
    Path dir = ROOT.resolve("cli/target/launcher-sandbox");
    Run up = launch("sandbox", "up", "--nodes", "1", "--attachments-mb", "1", "--dir", dir.toString());
    try {
      assertThat(up.exitCode()).as(up.out()).isZero();
      assertThat(up.out()).contains("ssh -i " + dir.resolve("client_key") + " -o UserKnownHostsFile="
          + dir.resolve("known_hosts") + " -p 2222 ", "@127.0.1.1", "http://127.0.1.1:8090/status: RUNNING");
      assertThat(launch("validate", dir.resolve("cluster.yaml").toString()).exitCode()).isZero();
      // benchmarks/run.sh reads the first connections' time from these marks, in this order.
      Run traced = launch(60, Map.of("ORCHESTRATE_TRACE", "1"), "run", "examples/playbooks/twenty-commands.yml",
          "--topology", dir.resolve("cluster.yaml").toString());
      assertThat(traced.exitCode()).as(traced.out()).isZero();
      assertThat(traced.out()).containsPattern("(?s)trace \\d+ ms main: main\n.*"
          + "trace \\d+ ms main: run: cluster.yaml and playbook read\n.*trace \\d+ ms main: run: connected\n.*"
          + "trace \\d+ ms task-\\d+: task 1.20.node1 OK\n.*trace \\d+ ms main: exit 0");
    } finally {
      Run down = launch("sandbox", "down", "--dir", dir.toString());
      assertThat(down.out()).contains("stopped");
    }
    assertThat(launch("sandbox", "status", "--dir", dir.toString()).out()).contains("(stopped, 1 hosts)", "not running");
  }

  @Test
  void demoMigratesASandboxAndProvesNoFileWasLost() throws Exception {
    Path dir = ROOT.resolve("cli/target/launcher-demo");
    Run demo = launch(300, "demo", "--dir", dir.toString());

    assertThat(demo.exitCode()).as(demo.out()).isZero();
    assertThat(demo.out()).contains("Apply complete.", "node3 answered 200", "hello from the demo",
        "attachment files identical", "Server became a 3-node Data Center cluster, no file lost.", "Stopping the sandbox");
    assertThat(Sandbox.status(dir).hosts()).allMatch(h -> !h.sshUp());
  }

  @Test
  void validatesEveryExampleAndRefusesABrokenFile() throws Exception {
    Run examples = launch("validate", "examples/two-node-tcp-ip.yaml", "examples/three-node-standalone-synchrony.yaml",
        "examples/multicast.yaml", "examples/aws.yaml", "examples/back-to-server.yaml", "examples/per-node-overrides.yaml");
    assertThat(examples.exitCode()).as(examples.out()).isZero();

    Run broken = launch("validate", "core/src/test/resources/topology/broken/19-bad-durations.yaml");
    assertThat(broken.exitCode()).isEqualTo(4);
    assertThat(broken.out()).contains("19-bad-durations.yaml:5:17: error: 'confluence.startTimeout'");
  }
}
