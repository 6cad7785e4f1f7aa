package dev.orchestrate.core.module.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.TransportModuleCall;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.LocalTransport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The haproxy module against Debian's real HAProxy, started by the test on loopback with a
 * runtime API on a socket file and one on TCP, in front of two tiny HTTP servers that answer
 * {@code /status} as Confluence does. Runs wherever haproxy is installed; in CI (.ci/run installs
 * it) it must be, so it is skipped only outside CI.
 */
class HaproxyModuleTest {
  @TempDir
  Path directory;

  private final List<HttpServer> nodes = new ArrayList<>();
  private final List<String> progress = new CopyOnWriteArrayList<>();
  private Process haproxy;
  private Path socket;
  private int apiPort;
  private int frontendPort;
  private ServerSocket slowNode;

  @BeforeEach
  void startHaproxy() throws Exception {
    Optional<Path> binary = findHaproxy();
    if (binary.isEmpty()) {
      assertThat(System.getenv("CI")).as("CI must install haproxy (.ci/run installs Debian's haproxy)").isNull();
      assumeTrue(false, "haproxy is not installed here; it runs in CI");
    }
    for (int i = 0; i < 2; i++) {
      HttpServer node = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
      node.createContext("/status", exchange -> {
        byte[] body = "{\"state\":\"RUNNING\"}".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      });
      node.start();
      nodes.add(node);
    }
    slowNode = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    Thread holder = new Thread(() -> {
      List<Socket> held = new ArrayList<>();
      try {
        while (true) {
          held.add(slowNode.accept());
        }
      } catch (IOException closed) {
        held.forEach(HaproxyModuleTest::closeQuietly);
      }
    });
    holder.setDaemon(true);
    holder.start();
    frontendPort = freePort();
    socket = directory.resolve("admin.sock");
    apiPort = freePort();
    Path config = directory.resolve("haproxy.cfg");
    Files.writeString(config, String.join("\n",
        "global",
        "  stats socket " + socket + " mode 600 level admin",
        "  stats socket ipv4@127.0.0.1:" + apiPort + " level admin",
        "  pidfile " + directory.resolve("haproxy.pid"),
        "defaults",
        "  mode http",
        "  timeout connect 2s",
        "  timeout client 30s",
        "  timeout server 30s",
        "backend confluence",
        "  option httpchk",
        "  http-check send meth GET uri /status",
        "  http-check expect string RUNNING",
        "  server node1 127.0.0.1:" + nodes.get(0).getAddress().getPort() + " check inter 200ms",
        "  server node2 127.0.0.1:" + nodes.get(1).getAddress().getPort() + " check inter 200ms",
        "  server node3 127.0.0.1:" + slowNode.getLocalPort(),
        "  use-server node3 if { path_beg /hold }",
        "frontend wiki",
        "  bind 127.0.0.1:" + frontendPort,
        "  default_backend confluence",
        ""));
    haproxy = new ProcessBuilder(binary.get().toString(), "-db", "-f", config.toString())
        .redirectErrorStream(true).redirectOutput(directory.resolve("haproxy.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!(Files.exists(socket) && upCount() == 2)) {
      assertThat(haproxy.isAlive()).as("haproxy runs: %s", log()).isTrue();
      assertThat(System.nanoTime()).as("both servers UP in time: %s", log()).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (haproxy != null) {
      haproxy.destroy();
      haproxy.waitFor(5, TimeUnit.SECONDS);
    }
    nodes.forEach(n -> n.stop(0));
    if (slowNode != null) {
      slowNode.close();
    }
  }

  @Test
  void drainsAServerIntoMaintenanceThenPutsItBackOnceItsCheckPasses() {
    ModuleResult out = haproxy(Map.of("host", "node1", "backend", "confluence", "socket", socket.toString(),
        "state", "disabled", "drain", true, "drain_timeout", 5, "wait", true, "wait_interval", 1));

    assertThat(out.failed()).as(out.message()).isFalse();
    assertThat(out.changed()).isTrue();
    assertThat(out.message()).contains("confluence/node1", "drained", "in maintenance");
    assertThat(status("node1")).startsWith("MAINT");
    assertThat(status("node2")).startsWith("UP");

    ModuleResult again = haproxy(Map.of("host", "node1", "socket", socket.toString(), "state", "disabled"));
    assertThat(again.changed()).as("already in maintenance: nothing to send").isFalse();

    ModuleResult back = haproxy(Map.of("host", "node1", "backend", "confluence", "socket", socket.toString(),
        "state", "enabled", "wait", true, "wait_interval", 1, "wait_retries", 20));
    assertThat(back.failed()).as(back.message()).isFalse();
    assertThat(back.changed()).isTrue();
    assertThat(status("node1")).startsWith("UP");
  }

  @Test
  void reachesTheRuntimeApiOverTcpAndGoesOnWhenSessionsOutlastTheDrainTimeout() throws Exception {
    // node3 accepts and never answers: a request sent to it through HAProxy holds one session.
    Socket client = new Socket(InetAddress.getLoopbackAddress(), frontendPort);
    client.getOutputStream().write("GET /hold HTTP/1.1\r\nHost: wiki\r\n\r\n".getBytes(StandardCharsets.UTF_8));
    try (client) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (sessions("node3") == 0) {
        assertThat(System.nanoTime()).as("the held request reaches node3").isLessThan(deadline);
        Thread.sleep(50);
      }

      ModuleResult out = haproxy(Map.of("host", "node3", "backend", "confluence", "socket", "127.0.0.1:" + apiPort,
          "state", "disabled", "drain", true, "drain_timeout", 2, "wait", true, "wait_interval", 1, "wait_retries", 3));

      assertThat(out.failed()).as(out.message()).isFalse();
      assertThat(out.message()).contains("drained for 2 s with 1 session(s) still open",
          "in maintenance with 1 request(s) still under way");
      assertThat(status("node3")).startsWith("MAINT");
      assertThat(progress).anySatisfy(line -> assertThat(line).contains("draining: 1 session(s) open"));
    }
  }

  @Test
  void anUnknownServerIsAFailureOnlyWhenAsked() {
    ModuleResult quiet = haproxy(Map.of("host", "node9", "socket", socket.toString(), "state", "drain"));
    assertThat(quiet.failed()).isFalse();
    assertThat(quiet.changed()).isFalse();

    ModuleResult strict = haproxy(Map.of("host", "node9", "backend", "confluence", "socket", socket.toString(),
        "state", "drain", "fail_on_not_found", true));
    assertThat(strict.failed()).isTrue();
    assertThat(strict.message()).isEqualTo("The specified backend 'confluence/node9' was not found!");
  }

  @Test
  void aMissingSocketSaysWhatIsMissing() {
    ModuleResult out = haproxy(Map.of("host", "node1", "socket", directory.resolve("nothing.sock").toString(),
        "state", "drain"));
    assertThat(out.failed()).isTrue();
    assertThat(out.message()).contains("no socket at " + directory.resolve("nothing.sock"), "level admin");
  }

  @Test
  void checkModeReadsAndSendsNothing() {
    ModuleResult out = haproxy(Map.of("host", "node1", "socket", socket.toString(), "state", "disabled"), true);
    assertThat(out.changed()).isTrue();
    assertThat(out.message()).contains("would be set disabled");
    assertThat(status("node1")).startsWith("UP");
  }

  private ModuleResult haproxy(Map<String, Object> arguments) {
    return haproxy(arguments, false);
  }

  private ModuleResult haproxy(Map<String, Object> arguments, boolean checkMode) {
    Host here = new Host("loadbalancer", "127.0.0.1", new SshSettings("tester", 22, Optional.empty(),
        Optional.empty(), Optional.empty(), Path.of("/dev/null"), SshSettings.Become.NONE, Duration.ofSeconds(5)));
    TransportModuleCall.Context context = new TransportModuleCall.Context(new LocalTransport(),
        Map.of("loadbalancer", here), "run1", checkMode, directory, name -> Optional.empty());
    ModuleCall call = new TransportModuleCall(context, "node1", "loadbalancer", new LinkedHashMap<>(arguments),
        text -> text, progress::add);
    return new HaproxyModule().execute(call);
  }

  private int sessions(String server) {
    return stats().stream().filter(s -> s.server().equals(server)).findFirst().map(ServerStat::sessions).orElse(0);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing at the end of a test
    }
  }

  private String status(String server) {
    return stats().stream().filter(s -> s.server().equals(server)).findFirst().orElseThrow().status();
  }

  private long upCount() {
    return Files.exists(socket) ? stats().stream().filter(s -> s.status().startsWith("UP")).count() : 0;
  }

  private List<ServerStat> stats() {
    try (Socket api = new Socket(InetAddress.getLoopbackAddress(), apiPort)) {
      api.getOutputStream().write("show stat\n".getBytes(StandardCharsets.UTF_8));
      return ServerStat.parse(new String(api.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return List.of();
    }
  }

  private String log() {
    try {
      return Files.readString(directory.resolve("haproxy.log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  private static Optional<Path> findHaproxy() {
    for (String candidate : List.of("/usr/sbin/haproxy", "/usr/local/sbin/haproxy", "/usr/bin/haproxy")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Optional.of(Path.of(candidate));
      }
    }
    return Optional.empty();
  }
}
