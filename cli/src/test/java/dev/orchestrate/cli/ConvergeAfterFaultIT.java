package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.sandbox.Sandbox;
import dev.orchestrate.sandbox.SandboxLayout;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Converge from any state: for each play of the Server → Data Center migration where a fault can
 * be placed before the run, a fresh two-node sandbox (Server on node1), one fault an admin could
 * meet, an apply that fails on it — exit 1, the output naming the task, the node and the cause —
 * then the fault removed as the admin would, and apply again (at most three times) until it ends
 * with both nodes RUNNING, every attachment and shared-home file as it was before the migration,
 * and a plan with no changes. Each fault is one root meets too (CI runs as root): no permission
 * bit on a directory, only what even root cannot get past.
 *
 * <p>The faults, by play: a port taken on the new node (preflight refuses; nothing changed, so the
 * next apply is a new run); the Server's stop script not executable; a file where the backups
 * folder goes; a file at the shared home's path; the sandbox's start fault on node1 when it starts
 * clustered, alone; a file where the new node's {@code /var/atlassian/application-data} must be
 * made, so its installation is copied and its local home is not; and the start fault on node2 when
 * the nodes start one at a time. Every apply after the first resumes the failed run, except after
 * the preflight.
 *
 * <p>Not injected: "Check that the shared home is one directory on every node" — the sandbox's
 * hosts share one filesystem, so no node can see another directory at the shared home's path, and
 * the token the play reads is written by the run itself; "Start standalone Synchrony" — the
 * sandbox's cluster.yaml keeps Synchrony managed, so the play has no task to fail; "Verify the
 * cluster" — it only asks /status of nodes the play before proved RUNNING, and anything placed
 * beforehand fails that earlier play instead.
 *
 * <p>None of these faults is caught by the preflight but the first: each fails the play it is
 * meant for, after the plays before it changed the hosts.
 *
 * <p>The cluster.yaml is the sandbox's own with {@code stopTimeout: 10s} and {@code startTimeout:
 * 30s}: a stop that cannot happen (the stop script not executable) is waited for until the
 * timeout, even though the script could not run at all, and the simulated nodes stop and start
 * in a few seconds.
 */
class ConvergeAfterFaultIT {
  private static final String NODE1 = "127.0.1.61";
  private static final String NODE2 = "127.0.1.62";
  private static final int MOST_APPLIES_AFTER_THE_FIX = 3;

  @TempDir
  Path dir;

  @Test
  void aPortTakenOnTheNewNodeIsRefusedByThePreflightAndTheNextApplyIsANewRun() throws Throwable {
    // A JVM's dual-stack socket bound to the address, which shows in /proc/net/tcp6 as ::ffff:127.0.1.62.
    try (ServerSocketChannel taken = ServerSocketChannel.open()) {
      converge(() -> taken.bind(new InetSocketAddress(NODE2, 8090)), taken::close, false,
          new Failure("Preflight", "Check that each new node has room and nothing in the way", "node2",
              "port 8090 is in use: something listens on it (on " + NODE2 + " or on every address)"));
    }
  }

  @Test
  void aServerStopScriptThatCannotRunStopsTheRunAtTheStop() throws Throwable {
    Set<PosixFilePermission> mode = new HashSet<>();
    converge(() -> {
      // chmod a-x: root may run no file without an x bit.
      mode.addAll(Files.getPosixFilePermissions(stopScript()));
      Set<PosixFilePermission> withoutX = new HashSet<>(mode);
      withoutX.removeAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_EXECUTE));
      Files.setPosixFilePermissions(stopScript(), withoutX);
    }, () -> Files.setPosixFilePermissions(stopScript(), mode), true,
        new Failure("Stop the Server node", "Stop Confluence", "node1", "stop-confluence.sh could not be run",
            "Permission denied", "Confluence was left as it was"));
  }

  @Test
  void aFileWhereTheBackupsGoStopsTheRunAtTheBackup() throws Throwable {
    converge(() -> Files.writeString(backups(), "not a folder\n"), () -> Files.delete(backups()), true,
        new Failure("Back up the stopped Server node", "Back up the local home (attachments, confluence.cfg.xml,"
            + " shared-home)", "node1", backups().toString()));
  }

  @Test
  void aFileAtTheSharedHomesPathStopsTheRunWhereTheSharedHomeIsMade() throws Throwable {
    Path sharedHome = layout().sharedHome();
    converge(() -> Files.writeString(sharedHome, "not a folder\n"), () -> Files.delete(sharedHome), true,
        new Failure("Make the first node a Data Center node", "Create the shared home, owned by the user Confluence"
            + " runs as", "node1", sharedHome.toString()));
  }

  @Test
  void theFirstNodeRefusingToStartClusteredStopsTheRunAndOnceFixedItIsStartedAgain() throws Throwable {
    converge(() -> Files.writeString(startFault(1), "Too many open files (ulimit -n 1024)\n"),
        () -> Files.delete(startFault(1)), true,
        new Failure("Start the first node alone", "Start Confluence and wait for RUNNING", "node1",
            "Confluence went to ERROR", "Too many open files (ulimit -n 1024)"));
  }

  @Test
  void aFileWhereTheNewNodesLocalHomeFolderGoesStopsTheCopyHalfWay() throws Throwable {
    Path applicationData = homeParent(2);
    converge(() -> {
      Files.createDirectories(applicationData.getParent());
      Files.writeString(applicationData, "not a folder\n");
    }, () -> Files.delete(applicationData), true,
        new Failure("Copy Confluence to the new nodes", "Copy the local home", "node2", applicationData.toString()));
  }

  @Test
  void theSecondNodeRefusingToStartStopsTheRunAndOnceFixedItIsStartedAgain() throws Throwable {
    converge(() -> {
      Files.createDirectories(homeParent(2));
      Files.writeString(startFault(2), "Address already in use: bind 127.0.1.62:8000\n");
    }, () -> Files.delete(startFault(2)), true,
        new Failure("Start every node, one at a time", "Start Confluence and wait for RUNNING", "node2",
            "Confluence went to ERROR", "Address already in use: bind 127.0.1.62:8000"));
  }

  /** Where an apply should stop: the play, the task, the node, and what the output must say of the cause. */
  private record Failure(String play, String task, String node, String... causes) {}

  /**
   * A fresh sandbox, {@code place}, an apply that fails naming {@code failure}, {@code remove},
   * and applies until one succeeds; then the cluster is checked against what was there before.
   */
  private void converge(Executable place, Executable remove, boolean resumes, Failure failure) throws Throwable {
    Path sandboxDir = dir.resolve("sandbox");
    SandboxHosts.up(sandboxDir, NODE1, 2, 1);
    try {
      Path yaml = sandboxDir.resolve("converge.yaml");
      Files.writeString(yaml, Files.readString(layout().clusterYaml()).replace("stopTimeout: 1m",
          "stopTimeout: 10s").replace("startTimeout: 2m", "startTimeout: 30s"));
      Map<String, String> attachments = Attachments.of(layout().localHome(1).resolve("attachments"));
      Map<String, String> sharedHome = Attachments.of(layout().localHome(1).resolve("shared-home"));
      place.execute();

      CliTest.Run failed = CliTest.run("apply", yaml.toString(), "--yes");

      assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(1);
      assertThat(ConvergeOutput.firstFailure(failed.out())).as(failed.out())
          .containsExactly(failure.play(), failure.task(), failure.node());
      assertThat(failed.out()).as(failed.out()).contains(failure.causes());

      remove.execute();
      List<CliTest.Run> applies = new ArrayList<>();
      CliTest.Run again;
      do {
        again = CliTest.run("apply", yaml.toString(), "--yes");
        applies.add(again);
      } while (again.exitCode() != 0 && applies.size() < MOST_APPLIES_AFTER_THE_FIX);

      String seen = failed.out() + failed.err() + applies.stream().map(run -> "\n----- exit " + run.exitCode()
          + "\n" + run.out() + run.err()).reduce("", String::concat);
      assertThat(again.exitCode()).as(seen).isZero();
      assertThat(applies.get(0).out()).as(seen).contains(resumes ? "Resuming run"
          : "failed before changing anything: this apply is a new run");
      assertThat(Sandbox.confluenceState(NODE1, 8090)).as("node1").isEqualTo("RUNNING");
      assertThat(Sandbox.confluenceState(NODE2, 8090)).as("node2").isEqualTo("RUNNING");
      assertThat(Attachments.of(layout().sharedHome().resolve("attachments"))).isEqualTo(attachments)
          .isNotEmpty();
      assertThat(Attachments.of(layout().sharedHome())).containsAllEntriesOf(sharedHome);
      CliTest.Run plan = CliTest.run("plan", yaml.toString(), "--detailed-exitcode");
      assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
    } finally {
      Sandbox.down(sandboxDir);
    }
  }

  /** Where each test's sandbox is, known before it is up. */
  private SandboxLayout layout() {
    return new SandboxLayout(dir.resolve("sandbox"));
  }

  private Path stopScript() {
    return layout().installDir(1).resolve("bin/stop-confluence.sh");
  }

  /** Where the backup of node1's local home goes: beside it, in orchestrate-backups. */
  private Path backups() {
    return homeParent(1).resolve("orchestrate-backups");
  }

  /** Host k's /var/atlassian/application-data: where its local home, the backups and the start fault are. */
  private Path homeParent(int k) {
    return layout().localHome(k).getParent();
  }

  private Path startFault(int k) {
    return homeParent(k).resolve("sandbox-start-fault");
  }
}
