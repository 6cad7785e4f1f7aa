package dev.orchestrate.core.module.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.orchestrate.core.undo.ServiceWas;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.TransportModuleCall;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.CopyListener;
import dev.orchestrate.core.transport.CopyReport;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.LocalTransport;
import dev.orchestrate.core.transport.Transport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * confluence_service against a stand-in: control scripts that only leave marks, a {@code /status}
 * served from this JVM once the start mark appears and closed once the stop mark does, and a
 * {@code sleep} as the Confluence process. ServiceModuleOnSandboxTest drives the simulated node.
 */
class ConfluenceServiceModuleTest {
  private static final Host HOST = new Host("n1", "127.0.0.1", new SshSettings("confluence", 22, Optional.empty(),
      Optional.empty(), Optional.empty(), Path.of("/dev/null"), SshSettings.Become.NONE, Duration.ofSeconds(5)));

  @TempDir
  Path dir;
  private Path install;
  private Path home;
  private int port;
  private HttpServer server;
  private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
  private final List<String> progress = new CopyOnWriteArrayList<>();
  /** What the control scripts did, in order, as the stand-in saw it. */
  private final List<String> events = new CopyOnWriteArrayList<>();
  private Process process;
  private List<String> afterStart = List.of("RUNNING");

  @BeforeEach
  void installation() throws IOException {
    install = Files.createDirectories(dir.resolve("install"));
    home = dir.resolve("home");
    Files.createDirectories(home.resolve("logs"));
    Files.createDirectories(install.resolve("bin"));
    Files.createDirectories(install.resolve("work"));
    script("start-confluence.sh", "touch \"$(dirname \"$0\")/../work/started\"\necho Tomcat started.\n");
    script("stop-confluence.sh", "kill \"$(cat \"$(dirname \"$0\")/../work/catalina.pid\")\" 2>/dev/null\n"
        + "touch \"$(dirname \"$0\")/../work/stopped\"\n");
    try (ServerSocket reserve = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = reserve.getLocalPort();
    }
    watcher.scheduleWithFixedDelay(this::follow, 0, 10, TimeUnit.MILLISECONDS);
  }

  @AfterEach
  synchronized void stopEverything() throws InterruptedException {
    watcher.shutdownNow();
    watcher.awaitTermination(1, TimeUnit.SECONDS);
    if (server != null) {
      server.stop(0);
    }
    if (process != null) {
      process.destroyForcibly();
    }
  }

  @Test
  void startedOnARunningNodeChangesNothing() {
    serve(List.of("RUNNING"));

    ModuleResult result = run(false, Map.of("state", "started"));

    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(result.changed()).isFalse();
    assertThat(result.fields()).containsEntry("state", "running");
    assertThat(result.undo()).isEmpty();
    assertThat(events).isEmpty();
  }

  @Test
  void startedLaunchesThenWaitsForRunningShowingEachState() {
    afterStart = List.of("STARTING", "STARTING", "STARTING", "RUNNING");

    ModuleResult result = run(false, Map.of("state", "started"));

    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(result.changed()).isTrue();
    assertThat(result.fields()).containsEntry("state", "running").containsKey("elapsed");
    assertThat(events).containsExactly("started");
    assertThat(progress).anyMatch(line -> line.contains("/status STARTING"))
        .last().asString().contains("/status RUNNING");
    assertThat(result.undo()).containsExactly(ServiceWas.of("stopped"));
  }

  @Test
  void aNodeStartingAlreadyIsWaitedForAndNotLaunchedTwice() {
    serve(List.of("STARTING", "STARTING", "RUNNING"));

    ModuleResult result = run(false, Map.of("state", "started"));

    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(result.changed()).isFalse();
    assertThat(result.message()).startsWith("Confluence was starting already (/status STARTING, no PID file)");
    assertThat(events).isEmpty();
  }

  @Test
  void aStartThatMeetsErrorFailsAtOnceWithTheEndOfTheLog() throws IOException {
    Files.write(home.resolve("logs/atlassian-confluence.log"),
        IntStream.rangeClosed(1, 25).mapToObj(i -> String.format("entry %02d", i)).toList());
    afterStart = List.of("STARTING", "ERROR");

    ModuleResult result = run(false, Map.of("state", "started", "timeout", "10m"));

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).contains("went to ERROR", "last 20 lines of " + home.resolve(
        "logs/atlassian-confluence.log"), "entry 06", "entry 25").doesNotContain("entry 05");
    assertThat(result.fields()).containsEntry("state", "ERROR");
    assertThat((double) result.fields().get("elapsed")).isLessThan(10);
    assertThat(result.undo()).containsExactly(ServiceWas.of("stopped"));
  }

  @Test
  void aStartThatNeverFinishesFailsAtTheDeadlineNamingTheLastState() {
    afterStart = List.of("STARTING");

    ModuleResult result = run(false, Map.of("state", "started", "timeout", 1));

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).contains("did not reach RUNNING within 1 s", "last state: /status STARTING",
        "atlassian-confluence.log is empty or missing");
  }

  @Test
  void aNodeInErrorIsStoppedAndStartedAgain() throws IOException {
    serve(List.of("ERROR"));
    confluenceProcess();

    ModuleResult result = run(false, Map.of("state", "started"));

    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(result.changed()).isTrue();
    assertThat(result.message()).startsWith("Confluence was in ERROR (/status ERROR, process " + process.pid()
        + " alive), so it was stopped and started again").contains("Confluence is RUNNING");
    assertThat(events).containsExactly("stopped", "started");
    assertThat(process.isAlive()).isFalse();
    assertThat(result.undo()).containsExactly(ServiceWas.of("error"));
  }

  @Test
  void aNodeStoppingIsStoppedFirstThenStarted() throws IOException {
    serve(List.of("STOPPING"));
    confluenceProcess();

    ModuleResult result = run(false, Map.of("state", "started"));

    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(result.message()).startsWith("Confluence was STOPPING (/status STOPPING, process " + process.pid()
        + " alive), so it was stopped and started again").contains("Confluence is RUNNING");
    assertThat(events).containsExactly("stopped", "started");
  }

  @Test
  void aNodeInErrorThatGoesToErrorAgainFailsTheTaskOnce() throws IOException {
    serve(List.of("ERROR"));
    confluenceProcess();
    afterStart = List.of("STARTING", "ERROR");

    ModuleResult result = run(false, Map.of("state", "started"));

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).contains("Confluence was in ERROR", "went to ERROR");
    assertThat(events).as("one restart, never a loop").containsExactly("stopped", "started");
  }

  @Test
  void aNodeInErrorIsOnlyLookedAtInCheckMode() throws IOException {
    serve(List.of("ERROR"));

    ModuleResult result = run(true, Map.of("state", "started"));

    assertThat(result.changed()).isTrue();
    assertThat(result.message()).contains("would stop it and start it again");
    assertThat(events).isEmpty();
  }

  @Test
  void stoppedWaitsUntilTheProcessIsGoneAndThePortClosed() throws IOException {
    serve(List.of("RUNNING"));
    confluenceProcess();

    ModuleResult result = run(false, Map.of("state", "stopped"));

    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(result.changed()).isTrue();
    assertThat(result.fields()).containsEntry("state", "stopped");
    assertThat(process.isAlive()).isFalse();
    assertThat(result.undo()).containsExactly(ServiceWas.of("running"));
  }

  /**
   * Tomcat's stop script looks at its process once a second and removes the PID file last: the
   * stop ends once the process is gone and the port closed, without waiting for that second, and
   * the start after it waits for the script, so the PID file the start writes is not removed.
   */
  @Test
  void aStopEndsWithTheNodeNotWithItsScriptAndTheNextStartWaitsForTheScript() throws IOException {
    serve(List.of("RUNNING"));
    confluenceProcess();
    script("stop-confluence.sh", """
        cd "$(dirname "$0")/../work"
        kill "$(cat catalina.pid)"; touch stopped
        sleep 3
        rm -f catalina.pid; touch stop-script-ended
        """);
    script("start-confluence.sh", """
        cd "$(dirname "$0")/../work"
        echo 4242 > catalina.pid; touch started
        """);

    ModuleResult stopped = run(false, Map.of("state", "stopped"));
    boolean scriptEndedBeforeTheStop = Files.exists(install.resolve("work/stop-script-ended"));
    boolean pidFileLeft = Files.exists(install.resolve("work/catalina.pid"));
    ModuleResult started = run(false, Map.of("state", "started"));

    assertThat(stopped.failed()).as(stopped.message()).isFalse();
    assertThat(stopped.fields()).containsEntry("state", "stopped");
    assertThat(scriptEndedBeforeTheStop).as("the stop waited for its script's last second").isFalse();
    assertThat(pidFileLeft).as("the stopped node's PID file, left to a script still running").isFalse();
    assertThat(started.failed()).as(started.message()).isFalse();
    assertThat(install.resolve("work/stop-script-ended")).exists();
    assertThat(install.resolve("work/catalina.pid")).as("the start's PID file").hasContent("4242");
  }

  /** A stop script killed with its session leaves its folder behind: a start does not wait for its ended process. */
  @Test
  void aStartIsNotHeldByTheFolderOfAStopScriptThatWasKilled() throws Exception {
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    Path marker = Path.of(new ConfluenceNode(RemotePath.of(install.toString()), RemotePath.of(home.toString()),
        statusUrl(), false, "confluence.service", 0).stopMarker());
    Files.createDirectories(marker);
    Files.writeString(marker.resolve("pid"), ended.pid() + "\n");
    try {
      ModuleResult started = run(false, Map.of("state", "started"));

      assertThat(started.failed()).as(started.message()).isFalse();
      assertThat(events).containsExactly("started");
      assertThat(marker).doesNotExist();
    } finally {
      Files.deleteIfExists(marker.resolve("pid"));
      Files.deleteIfExists(marker);
    }
  }

  @Test
  void aStopScriptThatCannotRunFailsAtOnce() throws IOException {
    serve(List.of("RUNNING"));
    confluenceProcess();
    Files.setPosixFilePermissions(install.resolve("bin/stop-confluence.sh"), PosixFilePermissions.fromString("rw-r--r--"));

    ModuleResult result = run(false, Map.of("state", "stopped", "timeout", "1m"));

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).contains("stop-confluence.sh could not be run, status 126", "Permission denied",
        "Confluence was left as it was");
    assertThat((double) result.fields().get("elapsed")).isLessThan(30);
    assertThat(process.isAlive()).isTrue();
  }

  @Test
  void anotherProgramOnThePortIsNotTakenForAConfluenceStarting() {
    serve(List.of("?"));

    ModuleResult result = run(false, Map.of("state", "started", "timeout", "1m"));

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).contains("answers, but not as Confluence does", "another program holds the port");
    assertThat(events).isEmpty();
    assertThat((double) result.fields().get("elapsed")).isLessThan(30);
  }

  @Test
  void stoppedOnAStoppedNodeChangesNothing() {
    ModuleResult result = run(false, Map.of("state", "stopped"));

    assertThat(result.failed()).isFalse();
    assertThat(result.changed()).isFalse();
    assertThat(events).isEmpty();
  }

  @Test
  void aProcessThatOutlivesTheDeadlineFailsTheStop() throws IOException {
    confluenceProcess();
    script("stop-confluence.sh", "echo 'PID file not found: is Confluence running?'\nexit 1\n");

    ModuleResult result = run(false, Map.of("state", "stopped", "timeout", "1s"));

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).contains("did not stop within 1 s: pid " + process.pid() + " still alive",
        "stop-confluence.sh failed, status 1: PID file not found");
    assertThat(result.message()).doesNotContain("port still answers");
  }

  @Test
  void restartedStopsThenStartsAgain() throws IOException {
    serve(List.of("RUNNING"));
    confluenceProcess();

    ModuleResult result = run(false, Map.of("state", "restarted"));

    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(result.changed()).isTrue();
    assertThat(result.message()).contains("Confluence stopped", "RUNNING");
    assertThat(events).containsExactly("stopped", "started");
    assertThat(result.undo()).containsExactly(ServiceWas.of("running"));
  }

  @Test
  void checkModeOnlyLooks() {
    ModuleResult result = run(true, Map.of("state", "started"));

    assertThat(result.changed()).isTrue();
    assertThat(result.message()).startsWith("would start Confluence (now: no answer on " + statusUrl());
    assertThat(events).isEmpty();
  }

  @Test
  void badArgumentsFailBeforeAnythingRuns() {
    assertThat(run(false, Map.of("state", "running")).message()).contains("started, stopped or restarted");
    assertThat(run(false, Map.of("state", "started", "timeout", "soon")).message()).contains("90s, 10m or 1h");
    assertThat(run(false, Map.of("state", "started", "control", "init.d")).message()).contains("scripts or systemd");
    assertThat(events).isEmpty();
  }

  /**
   * Probes that prove nothing, as a refused sudo, a broken shell or a host without tools leave
   * them: each fails the task naming the node and what was said, and nothing else runs.
   */
  static Stream<Arguments> probesThatProveNothing() {
    return Stream.of(
        Arguments.of("sudo asks for a password", 1, "", "sudo: a password is required\n",
            "status 1: sudo: a password is required"),
        Arguments.of("sudo refuses the command", 1, "",
            "Sorry, user admin is not allowed to execute '/bin/sh' as root on n1.\n", "status 1: Sorry, user admin"),
        Arguments.of("a shell error", 2, "", "sh: 3: Syntax error: \"fi\" unexpected\n", "status 2: sh: 3: Syntax error"),
        Arguments.of("no curl and no wget", 4, "", "neither curl nor wget is installed here\n", "neither curl nor wget"),
        Arguments.of("no process list", 5, "status -\n", "cannot list processes (ps -eo pid=,args=)\n",
            "status 5: status -\ncannot list processes"),
        Arguments.of("empty output", 0, "", "", "the probe printed what it never prints: nothing"),
        Arguments.of("garbage", 0, "<html>502 Bad Gateway</html>\n", "", "'<html>502 Bad Gateway</html>'"),
        Arguments.of("output cut short", 0, "status -\n", "", "never prints: 'status -'"),
        Arguments.of("a state /status never gives", 0, "status <b>\nend\n", "", "'status <b> / end'"),
        Arguments.of("a process line without a PID", 0, "status -\nprocess  alive\nend\n", "", "process  alive"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("probesThatProveNothing")
  void aProbeThatProvesNothingFailsTheTaskNamingTheNodeAndTheError(String why, int status, String stdout,
      String stderr, String said) {
    for (String state : List.of("started", "stopped", "restarted")) {
      Answering transport = new Answering(new CommandResult(status, stdout, stderr, false, Duration.ZERO));

      ModuleResult result = run(transport, false, Map.of("state", state));

      assertThat(result.failed()).as(state).isTrue();
      assertThat(result.message()).as(state).contains("cannot tell whether Confluence runs on n1: ", said,
          "Nothing was done");
      assertThat(transport.scripts).as(state + ": only the probe ran").hasSize(1);
      assertThat(result.undo()).isEmpty();
    }
  }

  /** What the probe saw, and what a stop makes of it: a node counts as stopped only when that is proven. */
  static Stream<Arguments> probesAndWhatTheNodeWas() {
    return Stream.of(
        Arguments.of("status -\nprocess 4711 gone\nend\n", null),
        Arguments.of("status -\nend\n", null),
        Arguments.of("status -\nprocess 4711 alive\nend\n", ServiceWas.State.STARTING),
        Arguments.of("status STARTING\nend\n", ServiceWas.State.STARTING),
        Arguments.of("status FIRST_RUN\nprocess 4711 alive\nend\n", ServiceWas.State.STARTING),
        Arguments.of("status ?\nend\n", ServiceWas.State.STARTING),
        Arguments.of("status RUNNING\nprocess 4711 alive\nend\n", ServiceWas.State.RUNNING),
        Arguments.of("status ERROR\nprocess 4711 alive\nend\n", ServiceWas.State.ERROR));
  }

  @ParameterizedTest
  @MethodSource("probesAndWhatTheNodeWas")
  void aStopRecordsWhatTheNodeReallyWasAndLeavesAProvenStoppedNodeAlone(String probe, ServiceWas.State was) {
    Answering transport = new Answering(new CommandResult(0, probe, "", false, Duration.ZERO));

    ModuleResult result = run(transport, false, Map.of("state", "stopped"));

    assertThat(result.failed()).as(result.message()).isFalse();
    if (was == null) {
      assertThat(result.changed()).isFalse();
      assertThat(result.message()).isEqualTo("Confluence is stopped already");
      assertThat(transport.scripts).hasSize(1);
    } else {
      assertThat(result.changed()).isTrue();
      assertThat(result.undo()).containsExactly(new ServiceWas(was));
      assertThat(transport.scripts.get(1)).contains("stop-confluence.sh");
    }
  }

  @Test
  void aProcessOfTheInstallDirWithoutAPidFileIsNotStopped() throws IOException {
    process = new ProcessBuilder("sh", "-c", "sleep 60; :", "sh", "-Dcatalina.base=" + install).start();

    ModuleResult result = run(false, Map.of("state", "stopped", "timeout", "1s"));

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).contains("did not stop within 1 s: pid " + process.pid() + " still alive");
    assertThat(result.undo()).containsExactly(new ServiceWas(ServiceWas.State.STARTING));
  }

  private ModuleResult run(boolean checkMode, Map<String, Object> extra) {
    return run(new LocalTransport(), checkMode, extra);
  }

  private ModuleResult run(Transport transport, boolean checkMode, Map<String, Object> extra) {
    Map<String, Object> arguments = new HashMap<>(Map.of("install_dir", install.toString(), "local_home",
        home.toString(), "status_url", statusUrl()));
    arguments.putAll(extra);
    TransportModuleCall.Context context = new TransportModuleCall.Context(transport, Map.of("n1", HOST),
        "run1", checkMode, dir, name -> Optional.empty());
    return new ConfluenceServiceModule().execute(new TransportModuleCall(context, "n1", "n1", arguments,
        text -> text, progress::add));
  }

  private String statusUrl() {
    return "http://127.0.0.1:" + port + "/status";
  }

  /** Serves the start's states once the start script has left its mark, and goes away at the stop's. */
  private synchronized void follow() {
    try {
      if (Files.deleteIfExists(install.resolve("work/stopped"))) {
        events.add("stopped");
        if (server != null) {
          server.stop(0);
          server = null;
        }
      }
      if (Files.deleteIfExists(install.resolve("work/started"))) {
        events.add("started");
        serve(afterStart);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers /status with each state in turn, the last one from then on. */
  private synchronized void serve(List<String> states) {
    AtomicInteger asked = new AtomicInteger();
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/status", exchange -> {
      String state = states.get(Math.min(asked.getAndIncrement(), states.size() - 1));
      byte[] body = ("{\"state\":\"" + state + "\"}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(state.equals("RUNNING") ? 200 : 503, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  private void confluenceProcess() throws IOException {
    process = new ProcessBuilder("sleep", "60").start();
    Files.writeString(install.resolve("work/catalina.pid"), process.pid() + "\n");
  }

  /** Answers every command alike, as a host whose probe keeps failing the same way would; keeps the scripts. */
  private static final class Answering implements Transport {
    final List<String> scripts = new CopyOnWriteArrayList<>();
    private final CommandResult answer;

    Answering(CommandResult answer) {
      this.answer = answer;
    }

    @Override
    public void connect(Collection<Host> hosts) {}

    @Override
    public CommandResult run(Host host, Command command) {
      scripts.add(command.script());
      return answer;
    }

    @Override
    public void upload(Host host, RemotePath target, byte[] content, int mode) {
      throw new AssertionError("confluence_service writes no file");
    }

    @Override
    public Optional<byte[]> download(Host host, RemotePath source, int maxBytes) {
      throw new AssertionError("confluence_service reads no file");
    }

    @Override
    public CopyReport copyTree(Host source, RemotePath from, Host target, RemotePath to, CopyListener listener) {
      throw new AssertionError("confluence_service copies nothing");
    }

    @Override
    public void close() {}
  }

  private void script(String name, String body) throws IOException {
    Path file = install.resolve("bin/" + name);
    Files.writeString(file, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
