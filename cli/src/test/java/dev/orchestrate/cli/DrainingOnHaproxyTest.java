package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orchestrate.sandbox.Sandbox;
import java.io.IOException;
import java.net.CookieManager;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Draining proven with Debian's real HAProxy: a sandbox cluster of three nodes (127.0.1.76-78)
 * made by apply, HAProxy started on the file {@code lb-config} writes (listening on
 * 127.0.1.79:8084, its runtime API on a socket file), and users sending requests through it
 * without pause while {@code run rolling-restart} restarts every node. Each node is drained and
 * put in maintenance before it stops, and put back once HAProxy's own check sees it RUNNING: not
 * one request fails. The balancer's host is node1's machine here (the sandbox's hosts share this
 * machine's files), reached over SSH as cluster.yaml's admin section says. Then {@code status}
 * shows each node as HAProxy sees it, Synchrony's heartbeat, and the cluster ports that answer.
 *
 * <p>HAProxy must be installed: .ci/run installs it, so in CI this never skips.
 */
class DrainingOnHaproxyTest {
  private static final String LISTEN = "127.0.1.79:8084";

  @TempDir
  Path dir;

  @Test
  void aRollingRestartBehindHaproxyFailsNoRequest() throws Exception {
    Optional<Path> haproxy = installedHaproxy();
    if (haproxy.isEmpty()) {
      assertThat(System.getenv("CI")).as("CI must install haproxy (.ci/run installs Debian's haproxy)").isNull();
      assumeTrue(false, "haproxy is not installed here; it runs in CI");
    }
    Path sandboxDir = dir.resolve("sandbox");
    Sandbox.Status sandbox = SandboxHosts.up(sandboxDir, "127.0.1.76", 3, 1);
    Process balancer = null;
    try {
      Path yaml = sandbox.layout().clusterYaml();
      CliTest.Run applied = CliTest.run("apply", yaml.toString(), "--yes");
      assertThat(applied.exitCode()).as(applied.out() + applied.err()).isZero();

      Path socket = dir.resolve("haproxy-admin.sock");
      Files.writeString(yaml, Files.readString(yaml) + """
          loadBalancer:
            url: http://%s
            kind: haproxy
            admin:
              host: %s
              runtimeApi: %s
              drainTimeout: 3s
          """.formatted(LISTEN, sandbox.hosts().get(0).address(), socket));
      Path config = dir.resolve("haproxy.cfg");
      CliTest.Run written = CliTest.run("lb-config", yaml.toString(), "--out", config.toString());
      assertThat(written.exitCode()).as(written.out() + written.err()).isZero();
      balancer = new ProcessBuilder(haproxy.get().toString(), "-db", "-f", config.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
      awaitAllUp(socket, balancer);

      Users users = new Users(6);
      users.start();
      Thread.sleep(1000);
      CliTest.Run restart = CliTest.run("run", "rolling-restart", "--topology", yaml.toString());
      Thread.sleep(1000);
      users.stop();

      assertThat(restart.exitCode()).as(restart.out() + restart.err()).isZero();
      for (String node : List.of("node1", "node2", "node3")) {
        // Users keep their session's node while it drains (their cookie pins them to it), so the drain
        // lasts drainTimeout; maintenance then sends them to the others.
        assertThat(restart.out()).contains("confluence/" + node + " drained", "in maintenance",
            "confluence/" + node + " put back in service");
      }
      assertThat(users.failures).as("requests that failed during the rolling restart").isEmpty();
      assertThat(users.served.get()).as("requests served").isGreaterThan(60);
      assertThat(users.servedBy).as("the nodes that served").hasSize(3);
      assertThat(stat(socket)).as("every server back UP").allMatch(line -> line.status().startsWith("UP"));

      // status: what HAProxy and this machine see of each node, and the cluster ports open to it.
      CliTest.Run status = CliTest.run("status", yaml.toString());
      assertThat(status.exitCode()).as(status.out() + status.err()).isZero();
      for (int k = 1; k <= 3; k++) {
        String address = sandbox.hosts().get(k - 1).address();
        assertThat(status.out()).contains("balancer: UP, ", "(HAProxy confluence/node" + k + ")",
            "synchrony heartbeat OK (http://" + address + ":8091/synchrony/heartbeat)",
            "warning: node" + k + " (" + address + ") answers this machine on 5801 (Confluence's Hazelcast)");
      }
      assertThat(status.out()).contains("tcp dport { 5801, 5701, 25500 } drop");
      CliTest.Run json = CliTest.run("status", yaml.toString(), "--output", "json");
      assertThat(json.out()).contains("\"seen_from_here\"", "\"open_cluster_ports\" : [ 5801");
    } finally {
      if (balancer != null) {
        balancer.destroy();
        balancer.waitFor(5, TimeUnit.SECONDS);
      }
      Sandbox.down(sandboxDir);
    }
  }

  /** Simulated users, each with its own cookies, each sending a request every 20 ms. */
  private static final class Users {
    final List<String> failures = new CopyOnWriteArrayList<>();
    final Set<String> servedBy = ConcurrentHashMap.newKeySet();
    final AtomicInteger served = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    Users(int count) {
      for (int k = 0; k < count; k++) {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5)).build();
        threads.add(new Thread(() -> browse(client), "user-" + k));
      }
    }

    void start() {
      threads.forEach(Thread::start);
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread thread : threads) {
        thread.join(10_000);
      }
    }

    private void browse(HttpClient client) {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + LISTEN + "/dashboard.action"))
          .timeout(Duration.ofSeconds(10)).build();
      while (running.get()) {
        try {
          HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() != 200) {
            failures.add(response.statusCode() + " " + response.body());
          } else {
            served.incrementAndGet();
            String body = response.body();
            int at = body.indexOf("\"servedBy\":\"");
            if (at >= 0) {
              servedBy.add(body.substring(at + 12, body.indexOf('"', at + 12)));
            }
          }
          Thread.sleep(20);
        } catch (IOException e) {
          failures.add(e.toString());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static long number(Map<String, String> row, String field) {
    String value = row.getOrDefault(field, "");
    return value.matches("[0-9]+") ? Long.parseLong(value) : 0;
  }

  private static Optional<Path> installedHaproxy() {
    return List.of("/usr/sbin/haproxy", "/usr/local/sbin/haproxy", "/usr/bin/haproxy").stream().map(Path::of)
        .filter(Files::isExecutable).findFirst();
  }

  /** A server's line of {@code show stat}: its status, and how often HAProxy met it failing a request. */
  private record ServerLine(String backend, String server, String status, long connectionErrors, long responseErrors,
      long retries, long redispatches) {
    long troubles() {
      return connectionErrors + responseErrors + retries + redispatches;
    }
  }

  private static void awaitAllUp(Path socket, Process balancer) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      assertThat(balancer.isAlive()).as("haproxy runs").isTrue();
      List<ServerLine> lines = Files.exists(socket) ? stat(socket) : List.of();
      if (lines.size() >= 3 && lines.stream().filter(l -> l.backend().equals("confluence"))
          .allMatch(l -> l.status().startsWith("UP"))) {
        return;
      }
      assertThat(System.nanoTime()).as("HAProxy sees every node UP: %s", lines).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  /** The servers of backend confluence in HAProxy's {@code show stat}, read from the socket directly. */
  private static List<ServerLine> stat(Path socket) throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      channel.write(ByteBuffer.wrap("show stat\n".getBytes(StandardCharsets.UTF_8)));
      StringBuilder answer = new StringBuilder();
      ByteBuffer buffer = ByteBuffer.allocate(65536);
      while (channel.read(buffer) > 0) {
        buffer.flip();
        answer.append(StandardCharsets.UTF_8.decode(buffer));
        buffer.clear();
      }
      List<String> header = List.of();
      List<ServerLine> servers = new ArrayList<>();
      for (String line : answer.toString().lines().toList()) {
        if (line.startsWith("# ")) {
          header = List.of(line.substring(2).split(",", -1));
        } else if (!line.isBlank() && !header.isEmpty()) {
          String[] f = line.split(",", -1);
          Map<String, String> row = new java.util.HashMap<>();
          for (int i = 0; i < Math.min(f.length, header.size()); i++) {
            row.put(header.get(i), f[i]);
          }
          if ("confluence".equals(row.get("pxname")) && !Set.of("FRONTEND", "BACKEND").contains(row.get("svname"))) {
            servers.add(new ServerLine(row.get("pxname"), row.get("svname"), row.getOrDefault("status", ""),
                number(row, "econ"), number(row, "eresp"), number(row, "wretr"), number(row, "wredis")));
          }
        }
      }
      return servers;
    }
  }
}
