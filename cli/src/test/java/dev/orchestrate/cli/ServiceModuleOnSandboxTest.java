package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.TransportModuleCall;
import dev.orchestrate.core.module.confluence.ConfluenceServiceModule;
import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.Node;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.topology.TopologyLoader;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.Shell;
import dev.orchestrate.core.undo.ServiceWas;
import dev.orchestrate.sandbox.Sandbox;
import dev.orchestrate.ssh.SshTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * confluence_service through the SSH transport on the sandbox's simulated node: a stop that waits
 * until the process is gone and the port closed, a start that waits for RUNNING, both idempotent,
 * and a start the node refuses, reported with the reason from its own log.
 */
class ServiceModuleOnSandboxTest {
  @TempDir
  Path dir;

  @Test
  void stopsStartsAndReportsARefusedStartOnTheSimulatedNode() throws Exception {
    Sandbox.Options options = Sandbox.Options.defaults().withDir(dir.resolve("sandbox")).withNodes(1)
        .withAttachmentsMb(1).withFirstAddress("127.0.1.101").withStartDelay(Duration.ofMillis(300));
    Sandbox.Status sandbox = Sandbox.up(options);
    Environment environment = new Environment(Map.of(), dir, System.getProperty("user.name"));
    try (SshTransport transport = SshTransport.create(environment, SshTransport.Options.defaults())) {
      Topology topology = TopologyLoader.create(environment).load(sandbox.layout().clusterYaml()).orThrow();
      Node node = topology.first();
      Host host = Host.of(node);
      Map<String, Host> hosts = topology.nodes().stream().collect(Collectors.toMap(Node::name, Host::of));
      transport.connect(hosts.values());
      TransportModuleCall.Context context = new TransportModuleCall.Context(transport, hosts, "run1", false, dir,
          name -> Optional.empty());
      List<String> progress = new CopyOnWriteArrayList<>();
      Map<String, Object> arguments = Map.of("install_dir", node.installDir().value(), "local_home",
          node.localHome().value(), "status_url", "http://" + node.host() + ":8090/status", "timeout", "60s");
      Service service = state -> {
        Map<String, Object> all = new HashMap<>(arguments);
        all.put("state", state);
        return new ConfluenceServiceModule().execute(new TransportModuleCall(context, node.name(), node.name(), all,
            text -> text, progress::add));
      };
      long pid = Long.parseLong(Files.readString(Path.of(node.installDir().value(), "work/catalina.pid")).strip());

      ModuleResult stopped = service.to("stopped");
      ModuleResult stoppedAgain = service.to("stopped");

      assertThat(stopped.failed()).as(stopped.message()).isFalse();
      assertThat(stopped.changed()).isTrue();
      assertThat(stopped.fields()).containsEntry("state", "stopped");
      assertThat(stopped.undo()).containsExactly(ServiceWas.of("running"));
      assertThat(exited(pid)).as("process " + pid + " has exited").isTrue();
      assertThat(Sandbox.confluenceState(host.address(), 8090)).isEqualTo("not running");
      assertThat(stoppedAgain.changed()).isFalse();
      assertThat(stoppedAgain.failed()).isFalse();

      progress.clear();
      ModuleResult started = service.to("started");
      ModuleResult startedAgain = service.to("started");

      assertThat(started.failed()).as(started.message()).isFalse();
      assertThat(started.changed()).isTrue();
      assertThat(started.fields()).containsEntry("state", "running");
      assertThat(started.undo()).containsExactly(ServiceWas.of("stopped"));
      assertThat(progress).last().asString().contains("/status RUNNING");
      assertThat(Sandbox.confluenceState(host.address(), 8090)).isEqualTo("RUNNING");
      assertThat(startedAgain.changed()).isFalse();
      assertThat(startedAgain.failed()).isFalse();

      assertThat(service.to("stopped").changed()).isTrue();
      String cfg = Shell.quote(node.localHome().resolve("confluence.cfg.xml").value());
      // The sandbox's hosts share this machine's disk: the admin's copy of the file is kept here.
      String goodCfg = Files.readString(Path.of(node.localHome().resolve("confluence.cfg.xml").value()));
      ok(transport.run(host, Command.of("sed -i 's|\\(name=\"atlassian.license.message\">\\)[^<]*|\\1not-a-license|' "
          + cfg + " && grep -q not-a-license " + cfg)));
      ModuleResult refused = service.to("started");

      assertThat(refused.failed()).isTrue();
      assertThat(refused.fields()).containsEntry("state", "ERROR");
      assertThat(refused.message()).contains("went to ERROR", "last 20 lines of " + node.localHome()
          .resolve("logs/atlassian-confluence.log"), "The license in confluence.cfg.xml is not a valid license key");
      assertThat(Sandbox.confluenceState(host.address(), 8090)).isEqualTo("ERROR");

      // Started again with the cause still there: stopped, started, ERROR again, and the task fails.
      ModuleResult stillBroken = service.to("started");
      assertThat(stillBroken.failed()).isTrue();
      assertThat(stillBroken.message()).contains("Confluence was in ERROR", "stopped and started again",
          "went to ERROR", "The license in confluence.cfg.xml is not a valid license key");
      assertThat(Sandbox.confluenceState(host.address(), 8090)).isEqualTo("ERROR");

      // The admin fixes the cause; started now means restarted, and the node serves.
      Files.writeString(Path.of(node.localHome().resolve("confluence.cfg.xml").value()), goodCfg);
      ModuleResult cured = service.to("started");
      assertThat(cured.failed()).as(cured.message()).isFalse();
      assertThat(cured.changed()).isTrue();
      assertThat(cured.message()).contains("Confluence was in ERROR", "Confluence is RUNNING");
      assertThat(cured.fields()).containsEntry("state", "running");
      assertThat(cured.undo()).containsExactly(ServiceWas.of("error"));
      assertThat(Sandbox.confluenceState(host.address(), 8090)).isEqualTo("RUNNING");
      assertThat(service.to("stopped").changed()).isTrue();
    } finally {
      Sandbox.down(options.dir());
    }
  }

  /** One run of confluence_service on node1 with the wanted {@code state}. */
  @FunctionalInterface
  private interface Service {
    ModuleResult to(String state);
  }

  /**
   * Whether process {@code pid} has exited: gone, or a zombie its parent has not reaped yet (the
   * stop returns as soon as the process has ended, and here PID 1 reaps the orphaned node).
   */
  private static boolean exited(long pid) throws IOException {
    Path stat = Path.of("/proc/" + pid + "/stat");
    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && Files.exists(stat)) {
      String fields = Files.readString(stat);
      char state = fields.charAt(fields.lastIndexOf(')') + 2);
      return state == 'Z' || state == 'X';
    }
    return true;
  }

  private static void ok(CommandResult result) {
    assertThat(result.succeeded()).as(result.stderr()).isTrue();
  }
}
