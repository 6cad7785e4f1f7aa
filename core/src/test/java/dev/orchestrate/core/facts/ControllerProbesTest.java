package dev.orchestrate.core.facts;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.topology.TopologyLoader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probes from this machine, against real listeners on loopback addresses of their own
 * (127.0.1.238 plays a node whose cluster ports and Synchrony answer, 127.0.1.239 one where
 * nothing listens).
 */
class ControllerProbesTest {
  private static final String OPEN = "127.0.1.238";
  private static final String CLOSED = "127.0.1.239";

  @TempDir
  Path dir;

  @Test
  void findsTheClusterPortsThatAnswerHereAndSaysHowToCloseThem() throws Exception {
    Topology topology = topology("multicast", "managed");
    try (ServerSocket hazelcast = listen(5801); ServerSocket synchrony = listen(5701)) {
      List<ControllerProbes.NodeView> views = ControllerProbes.clusterPorts(topology).get();

      assertThat(views).extracting(ControllerProbes.NodeView::node).containsExactly("node1", "node2");
      assertThat(views.get(0).openClusterPorts()).containsExactly(5801, 5701);
      assertThat(views.get(1).openClusterPorts()).isEmpty();
      assertThat(views.get(0).synchronyHeartbeat()).as("plan and apply do not ask Synchrony").isEmpty();

      List<String> warnings = ControllerProbes.warnings(topology, views);
      assertThat(warnings).hasSize(2);
      assertThat(warnings.get(0)).isEqualTo("node1 (" + OPEN + ") answers this machine on 5801 (Confluence's"
          + " Hazelcast), 5701 (Synchrony's Hazelcast): only the cluster's nodes should reach these ports. Unless this"
          + " machine is one of them, close them to everyone else on each node, e.g. nft add rule inet filter input"
          + " ip saddr != { " + OPEN + ", " + CLOSED + " } tcp dport { 5801, 5701, 25500 } drop");
      assertThat(warnings.get(1)).contains("UDP port 54327");
    }
    assertThat(ControllerProbes.warnings(topology, ControllerProbes.clusterPorts(topology).get())).isEmpty();
  }

  @Test
  void asksSynchronysHeartbeatWhereEachNodeRunsIt() throws Exception {
    HttpServer synchrony = HttpServer.create(new InetSocketAddress(OPEN, 8091), 4);
    synchrony.createContext("/synchrony/heartbeat", exchange -> {
      byte[] ok = "OK".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, ok.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(ok);
      }
    });
    synchrony.start();
    try {
      List<ControllerProbes.NodeView> views = ControllerProbes.everything(topology("tcp_ip", "managed")).get();

      ControllerProbes.Heartbeat up = views.get(0).synchronyHeartbeat().orElseThrow();
      assertThat(up.ok()).isTrue();
      assertThat(up.url()).hasToString("http://" + OPEN + ":8091/synchrony/heartbeat");
      ControllerProbes.Heartbeat down = views.get(1).synchronyHeartbeat().orElseThrow();
      assertThat(down.ok()).isFalse();
      assertThat(down.answer()).isEqualTo("connection refused");

      assertThat(ControllerProbes.everything(topology("tcp_ip", "off")).get())
          .allMatch(view -> view.synchronyHeartbeat().isEmpty());
    } finally {
      synchrony.stop(0);
    }
  }

  private static ServerSocket listen(int port) throws Exception {
    return new ServerSocket(port, 5, InetAddress.getByName(OPEN));
  }

  private Topology topology(String discovery, String synchrony) throws Exception {
    Files.writeString(dir.resolve("license.txt"), "LICENSE");
    Files.writeString(dir.resolve("db-password"), "secret");
    String join = discovery.equals("multicast") ? "{type: multicast, multicast: {address: 230.0.0.1}}" : "{type: tcp_ip}";
    Path file = dir.resolve("cluster-" + discovery + "-" + synchrony + ".yaml");
    Files.writeString(file, """
        cluster: {name: wiki, edition: datacenter}
        confluence:
          sharedHome: /media/shared
          license: {file: license.txt}
          discovery: %s
        database: {url: "jdbc:postgresql://db:5432/confluence", username: confluence, passwordFile: db-password}
        synchrony: {mode: "%s"}
        nodes:
          - {name: node1, host: %s}
          - {name: node2, host: %s}
        """.formatted(join, synchrony, OPEN, CLOSED));
    return TopologyLoader.create(new Environment(Map.of(), dir, "tester")).load(file).orThrow();
  }
}
