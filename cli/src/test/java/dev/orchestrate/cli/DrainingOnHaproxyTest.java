package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.topology.LoadBalancer;
import dev.orchestrate.sandbox.Sandbox;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * <p>HAProxy must be installed and the test run as root: .ci/run does both, so in CI this never
 * skips.
 */
class DrainingOnHaproxyTest {
  private static final String LISTEN_ADDRESS = "127.0.1.79";
  private static final int LISTEN_PORT = 8084;
  private static final String LISTEN = LISTEN_ADDRESS + ":" + LISTEN_PORT;

  @TempDir
  Path dir;

  @Test
  void aRollingRestartBehindHaproxyFailsNoRequest() throws Exception {
    RealBalancer.requireServers();
    Path sandboxDir = dir.resolve("sandbox");
    Sandbox.Status sandbox = SandboxHosts.up(sandboxDir, "127.0.1.76", 3, 1);
    RealBalancer balancer = null;
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
      balancer = RealBalancer.start(LoadBalancer.Kind.HAPROXY, config, LISTEN_ADDRESS, LISTEN_PORT, dir);
      awaitAllUp(socket);

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
      assertThat(RealBalancer.showStat(socket, "confluence")).as("every server back UP")
          .allMatch(row -> row.get("status").startsWith("UP"));

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
      // Without admin, a restart says that only HAProxy's health checks protect the users.
      Path plain = yaml.resolveSibling("without-admin.yaml");
      String text = Files.readString(yaml);
      Files.writeString(plain, text.substring(0, text.indexOf("  admin:")));
      CliTest.Run unmanaged = CliTest.run("run", "rolling-restart", "--topology", plain.toString(), "--dry-run");
      assertThat(unmanaged.exitCode()).as(unmanaged.out() + unmanaged.err()).isZero();
      assertThat(unmanaged.out()).contains("note: the load balancer (haproxy) is not told of these restarts (no"
          + " loadBalancer.admin): only its health checks keep users away from a node while it restarts")
          .doesNotContain("Drain the node");
      CliTest.Run json = CliTest.run("status", yaml.toString(), "--output", "json");
      assertThat(json.out()).contains("\"seen_from_here\"", "\"open_cluster_ports\" : [ 5801");
    } finally {
      if (balancer != null) {
        balancer.close();
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

  private static void awaitAllUp(Path socket) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      List<Map<String, String>> servers = Files.exists(socket) ? RealBalancer.showStat(socket, "confluence") : List.of();
      if (servers.size() == 3 && servers.stream().allMatch(row -> row.get("status").equals("UP"))) {
        return;
      }
      assertThat(System.nanoTime()).as("HAProxy sees every node UP: %s", servers).isLessThan(deadline);
      Thread.sleep(200);
    }
  }
}
