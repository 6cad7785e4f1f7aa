package dev.orchestrate.core.module.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.TransportModuleCall;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.LocalTransport;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    assertThat(result.undo()).containsEntry("kind", "service").containsEntry("node", "n1")
        .containsEntry("was", "stopped").containsEntry("install_dir", install.toString())
        .containsEntry("local_home", home.toString()).containsEntry("status_url", statusUrl());
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
    assertThat(result.undo()).containsEntry("was", "stopped");
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
  void aNodeThatRunsInErrorIsNotStartedAgain() throws IOException {
    serve(List.of("ERROR"));
    confluenceProcess();

    ModuleResult result = run(false, Map.of("state", "started"));

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).contains("runs as process " + process.pid() + " but reports ERROR");
    assertThat(events).isEmpty();
    assertThat(result.undo()).isEmpty();
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
    assertThat(result.undo()).containsEntry("was", "running");
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
    assertThat(result.undo()).containsEntry("was", "running");
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

  private ModuleResult run(boolean checkMode, Map<String, Object> extra) {
    Map<String, Object> arguments = new HashMap<>(Map.of("install_dir", install.toString(), "local_home",
        home.toString(), "status_url", statusUrl()));
    arguments.putAll(extra);
    TransportModuleCall.Context context = new TransportModuleCall.Context(new LocalTransport(), Map.of("n1", HOST),
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

  private void script(String name, String body) throws IOException {
    Path file = install.resolve("bin/" + name);
    Files.writeString(file, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
