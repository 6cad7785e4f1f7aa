package dev.orchestrate.core.facts;

import dev.orchestrate.core.topology.Discovery;
import dev.orchestrate.core.topology.Node;
import dev.orchestrate.core.topology.Synchrony;
import dev.orchestrate.core.topology.Topology;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * What the nodes show to the machine orchestrate runs on, rather than to a shell on the node: the
 * cluster's internal ports that answer from here (they should answer only the other nodes) and
 * Synchrony's heartbeat as a balancer would ask it. Every probe of every node runs at once, each
 * bounded by a short timeout, so the whole reading costs one timeout at most.
 */
public final class ControllerProbes {
  /** The ports only the cluster's own nodes may reach, with what listens on each. */
  public static final Map<Integer, String> CLUSTER_PORTS = orderedPorts();
  private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(2);

  /**
   * One node as seen from here.
   *
   * @param openClusterPorts the cluster ports that accepted a connection from this machine
   * @param synchronyHeartbeat where Synchrony's heartbeat was asked, and its answer: {@code OK},
   *     an HTTP status, or why nothing answered; empty where this node runs no Synchrony
   */
  public record NodeView(String node, String address, List<Integer> openClusterPorts,
      Optional<Heartbeat> synchronyHeartbeat) {}

  /** Synchrony's heartbeat as asked from here. */
  public record Heartbeat(URI url, boolean ok, String answer) {}

  private ControllerProbes() {}

  private static Map<Integer, String> orderedPorts() {
    Map<Integer, String> ports = new LinkedHashMap<>();
    ports.put(5801, "Confluence's Hazelcast");
    ports.put(5701, "Synchrony's Hazelcast");
    ports.put(25500, "Synchrony's Aleph");
    return java.util.Collections.unmodifiableMap(ports);
  }

  /** Only the cluster ports of every node, for the warnings of plan and apply. */
  public static CompletableFuture<List<NodeView>> clusterPorts(Topology topology) {
    return probe(topology, false);
  }

  /** The cluster ports and Synchrony's heartbeat of every node, for status. */
  public static CompletableFuture<List<NodeView>> everything(Topology topology) {
    return probe(topology, true);
  }

  private static CompletableFuture<List<NodeView>> probe(Topology topology, boolean heartbeat) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(64, topology.nodes().size() * 4), r -> {
      Thread thread = new Thread(r, "probe");
      thread.setDaemon(true);
      return thread;
    });
    // An HttpClient costs a cold JVM about 0.15 s of class loading: made only when a heartbeat is asked.
    HttpClient http = heartbeat ? HttpClient.newBuilder().connectTimeout(HEARTBEAT_TIMEOUT).executor(pool).build() : null;
    List<CompletableFuture<NodeView>> views = new ArrayList<>();
    for (Node node : topology.nodes()) {
      Map<Integer, CompletableFuture<Boolean>> ports = new LinkedHashMap<>();
      CLUSTER_PORTS.keySet().forEach(port -> ports.put(port,
          CompletableFuture.supplyAsync(() -> accepts(node.host(), port), pool)));
      Optional<URI> synchrony = heartbeat ? heartbeatUrl(topology, node) : Optional.empty();
      CompletableFuture<Optional<Heartbeat>> beat = synchrony
          .map(url -> ask(http, url).thenApply(Optional::of))
          .orElse(CompletableFuture.completedFuture(Optional.empty()));
      views.add(CompletableFuture.allOf(ports.values().toArray(CompletableFuture[]::new)).thenCombine(beat,
          (done, answer) -> new NodeView(node.name(), node.host(), ports.entrySet().stream()
              .filter(e -> e.getValue().join()).map(Map.Entry::getKey).toList(), answer)));
    }
    return CompletableFuture.allOf(views.toArray(CompletableFuture[]::new))
        .thenApply(done -> views.stream().map(CompletableFuture::join).toList())
        .whenComplete((result, failure) -> pool.shutdown());
  }

  /** Where a balancer would ask this node's Synchrony whether it lives; empty when the node runs none. */
  static Optional<URI> heartbeatUrl(Topology topology, Node node) {
    Synchrony synchrony = topology.synchrony();
    return switch (synchrony.mode()) {
      case OFF -> Optional.empty();
      case MANAGED -> Optional.of(URI.create("http://" + hostPart(node.host()) + ":8091/synchrony/heartbeat"));
      case STANDALONE -> synchrony.hosts().contains(node.name())
          ? Optional.of(URI.create("http://" + hostPart(node.host()) + ":" + synchrony.port() + "/synchrony/heartbeat"))
          : Optional.empty();
    };
  }

  private static String hostPart(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  private static boolean accepts(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static CompletableFuture<Heartbeat> ask(HttpClient http, URI url) {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(HEARTBEAT_TIMEOUT).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(response -> new Heartbeat(url, response.statusCode() == 200 && response.body().strip().equals("OK"),
            response.statusCode() == 200 ? abbreviate(response.body().strip()) : "HTTP " + response.statusCode()))
        .exceptionally(failure -> new Heartbeat(url, false, why(failure)));
  }

  private static String why(Throwable failure) {
    Throwable last = failure;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.net.ConnectException) {
        return "connection refused";
      }
      if (cause instanceof java.net.http.HttpTimeoutException) {
        return "no answer within " + HEARTBEAT_TIMEOUT.toSeconds() + " s";
      }
      last = cause;
    }
    return Optional.ofNullable(last.getMessage()).orElse(last.getClass().getSimpleName());
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }

  /**
   * The warnings for nodes whose cluster ports answer from here: which ports, and a firewall rule
   * on each node that lets only the other nodes reach them.
   */
  public static List<String> warnings(Topology topology, List<NodeView> views) {
    List<String> warnings = new ArrayList<>();
    String peers = topology.nodes().stream().map(Node::host).collect(Collectors.joining(", "));
    String ports = CLUSTER_PORTS.keySet().stream().map(String::valueOf).collect(Collectors.joining(", "));
    for (NodeView view : views) {
      if (view.openClusterPorts().isEmpty()) {
        continue;
      }
      warnings.add(view.node() + " (" + view.address() + ") answers this machine on "
          + view.openClusterPorts().stream().map(p -> p + " (" + CLUSTER_PORTS.get(p) + ")")
              .collect(Collectors.joining(", "))
          + ": only the cluster's nodes should reach these ports. Unless this machine is one of them, close them"
          + " to everyone else on each node, e.g. nft add rule inet filter input ip saddr != { " + peers
          + " } tcp dport { " + ports + " } drop");
    }
    if (!warnings.isEmpty() && topology.confluence().discovery().type() == Discovery.Type.MULTICAST) {
      warnings.add("multicast discovery also uses UDP port 54327 and its group address: keep both inside the"
          + " cluster's network");
    }
    return warnings;
  }
}
