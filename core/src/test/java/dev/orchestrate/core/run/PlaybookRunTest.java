package dev.orchestrate.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.executor.RunSummary;
import dev.orchestrate.core.executor.TaskOutcome;
import dev.orchestrate.core.module.StandardModules;
import dev.orchestrate.core.playbook.Playbook;
import dev.orchestrate.core.playbook.PlaybookParser;
import dev.orchestrate.core.topology.TestClusters;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.transport.RecordingTransport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code run} from playbook to recap against a recording transport: what it decides, with no host. */
class PlaybookRunTest {
  private static final String RESTART = """
      - hosts: all
        tasks:
          - name: Restart Confluence
            confluence_service:
              state: restarted
              install_dir: /opt/atlassian/confluence
              local_home: /var/atlassian/application-data/confluence
              status_url: "http://{{ node.host }}:8090/status"
      """;

  private static final String ECHO = """
      - hosts: all
        tasks:
          - name: Say hello
            command: echo hello
      """;

  @Test
  void aRestartBehindABalancerOrchestrateCannotDriveSaysThatOnlyItsHealthChecksProtectTheUsers() {
    Playbook restart = playbook("restart", RESTART);

    assertThat(PlaybookRun.balancerNote(withBalancer("haproxy"), restart)).contains("note: the load balancer (haproxy)"
        + " is not told of these restarts (no loadBalancer.admin): only its health checks keep users away from a node"
        + " while it restarts");
    assertThat(PlaybookRun.balancerNote(withBalancer("nginx"), restart)).contains("note: the load balancer (nginx) is"
        + " not told of these restarts (nginx has no runtime API orchestrate can use): only its health checks keep"
        + " users away from a node while it restarts");
    assertThat(PlaybookRun.balancerNote(TestClusters.threeNodes(), restart)).as("no balancer").isEmpty();
    assertThat(PlaybookRun.balancerNote(withBalancer("haproxy"), playbook("echo", ECHO))).as("no restart").isEmpty();
  }

  @Test
  void walksThePlaybookOnTheLimitedNodesWithoutReadingFactsAndShowsItThroughTheDisplay() {
    RecordingTransport transport = new RecordingTransport();
    StringWriter out = new StringWriter();
    RecordingDisplay display = new RecordingDisplay();
    Output output = new Output(new PrintWriter(out), new PrintWriter(new StringWriter()), false, display);

    ExitCode code = PlaybookRun.create(output).run(new PlaybookRun.Request(playbook("echo", ECHO),
        List.of("node1", "node3"), false, 5), TestClusters.threeNodes(), transport);

    assertThat(code).isEqualTo(ExitCode.OK);
    assertThat(out.toString()).matches("run \\d{8}T\\d{6}Z-[0-9a-f]{6}: echo on node1, node2, node3\\R");
    assertThat(transport.scripts("node1")).anyMatch(script -> script.contains("echo hello"))
        .noneMatch(script -> script.contains("orchestrate facts"));
    assertThat(transport.scripts("node2")).as("not in --limit").isEmpty();
    assertThat(display.finished).extracting(TaskOutcome::node).containsExactlyInAnyOrder("node1", "node3");
    assertThat(display.events).containsExactly("open node1, node2, node3", "end", "recap");
  }

  private static Topology withBalancer(String kind) {
    return TestClusters.threeNodes("loadBalancer:\n  url: http://10.0.0.5:8082\n  kind: " + kind + "\n");
  }

  private static Playbook playbook(String name, String yaml) {
    return PlaybookParser.create(StandardModules.registry()).parse(yaml, Path.of(name + ".yml")).orThrow();
  }

  /** A display that remembers what it was shown. */
  private static final class RecordingDisplay implements Display {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final List<TaskOutcome> finished = Collections.synchronizedList(new ArrayList<>());

    @Override
    public View open(PrintWriter human, List<String> nodes) {
      events.add("open " + String.join(", ", nodes));
      return new View() {
        @Override
        public void taskFinished(TaskOutcome outcome) {
          finished.add(outcome);
        }

        @Override
        public void end() {
          events.add("end");
        }

        @Override
        public void recap(RunSummary summary) {
          events.add("recap");
        }
      };
    }
  }
}
