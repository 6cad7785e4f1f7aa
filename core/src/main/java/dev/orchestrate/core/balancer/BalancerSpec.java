package dev.orchestrate.core.balancer;

import static java.util.Objects.requireNonNull;

import com.google.common.net.InetAddresses;
import dev.orchestrate.core.diagnostic.Diagnostics;
import dev.orchestrate.core.diagnostic.InvalidFileException;
import dev.orchestrate.core.topology.LoadBalancer;
import dev.orchestrate.core.topology.Node;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.topology.Synchrony;
import dev.orchestrate.core.topology.Topology;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the load balancer in front of one cluster must do, whatever its kind: where it listens, the
 * Confluence nodes and Synchrony processes behind it, how it tells each healthy, and how it keeps
 * a user on one node. Built from a topology by {@link #of}; a {@link BalancerConfig} writes it out.
 *
 * @param cluster the cluster's name, for the file's header
 * @param source the cluster.yaml the topology was read from, as the user named it
 * @param confluence the nodes: every request but Synchrony's
 * @param synchrony Synchrony's processes; empty when collaborative editing is off
 * @param runtimeApi where HAProxy's runtime API listens (a socket path, or address:port), when
 *     cluster.yaml's loadBalancer.admin asks for one
 */
public record BalancerSpec(String cluster, String source, LoadBalancer.Kind kind, Listener listener, Pool confluence,
    Optional<Pool> synchrony, Optional<String> runtimeApi, Timeouts timeouts) {

  /** The balancer's own cookie that names a user's Confluence node; JSESSIONID stays Confluence's. */
  public static final String CONFLUENCE_COOKIE = "CONFLUENCE_NODE";
  /** The same for Synchrony, kept apart so that a Synchrony host that is no Confluence node never moves a user. */
  public static final String SYNCHRONY_COOKIE = "SYNCHRONY_NODE";
  /** The backend that holds the nodes when loadBalancer.admin names none. */
  public static final String DEFAULT_BACKEND = "confluence";
  /** Managed Synchrony's port: Confluence starts it there on every node. */
  public static final int MANAGED_SYNCHRONY_PORT = 8091;
  /** Synchrony's context path, standalone or managed; not moved by Confluence's own context path. */
  public static final String SYNCHRONY_PATH = "/synchrony";

  public BalancerSpec {
    requireNonNull(cluster, "cluster");
    requireNonNull(source, "source");
    requireNonNull(kind, "kind");
    requireNonNull(listener, "listener");
    requireNonNull(confluence, "confluence");
    requireNonNull(synchrony, "synchrony");
    requireNonNull(runtimeApi, "runtimeApi");
    requireNonNull(timeouts, "timeouts");
  }

  /**
   * Where users connect.
   *
   * @param address the one address to listen on, when the URL names an IP address; empty to listen
   *     on every address of the host, since a name may resolve to an address the host does not
   *     have (behind NAT, in a cloud)
   * @param serverName the URL's host, as users write it
   * @param tls the certificate, when the URL is https
   * @param contextPath the URL's path without its last slash ("" for none): where Confluence is
   *     served, and so where its /status is
   */
  public record Listener(Optional<String> address, String serverName, int port, Optional<Tls> tls,
      String contextPath) {
    public Listener {
      requireNonNull(address, "address");
      requireNonNull(serverName, "serverName");
      requireNonNull(tls, "tls");
      requireNonNull(contextPath, "contextPath");
    }

    public boolean https() {
      return tls.isPresent();
    }

    public String scheme() {
      return https() ? "https" : "http";
    }

    /** {@code address:port}, an IPv6 address in brackets, or {@code :port} to listen on every address. */
    public String endpoint() {
      return address.map(BalancerSpec::bracketed).orElse("") + ":" + port;
    }
  }

  /** A certificate on the balancer's host, with its key in the same file unless {@code key} names one. */
  public record Tls(RemotePath certificate, Optional<RemotePath> key) {
    public Tls {
      requireNonNull(certificate, "certificate");
      requireNonNull(key, "key");
    }

    /** The file that holds the private key. */
    public RemotePath keyFile() {
      return key.orElse(certificate);
    }
  }

  /**
   * One group of equal backends and how the balancer judges and shares them.
   *
   * @param name the group's name in the file (HAProxy's backend, Apache's balancer://, nginx's upstreams' prefix)
   * @param cookie the balancer's route cookie for this group, its value a backend's name
   * @param healthUri what a health check asks for
   * @param healthyBody what the answer's body must hold for the backend to count as healthy
   */
  public record Pool(String name, String cookie, String healthUri, String healthyBody, List<Backend> backends) {
    public Pool {
      requireNonNull(name, "name");
      requireNonNull(cookie, "cookie");
      requireNonNull(healthUri, "healthUri");
      requireNonNull(healthyBody, "healthyBody");
      backends = List.copyOf(backends);
      if (backends.isEmpty()) {
        throw new IllegalArgumentException("the pool " + name + " needs at least one backend");
      }
    }
  }

  /**
   * One process behind the balancer.
   *
   * @param name its node's name, which is also its route cookie's value and HAProxy's server name
   * @param host the node's host as cluster.yaml writes it
   * @param address the IP address the balancer connects to and recognizes the backend by: the host
   *     itself when it is an address; for nginx, which tells backends apart only by the address
   *     that answered, what the name resolved to when the file was written; otherwise the name
   */
  public record Backend(String name, String host, String address, int port) {
    public Backend {
      requireNonNull(name, "name");
      requireNonNull(host, "host");
      requireNonNull(address, "address");
    }

    /** {@code address:port}, an IPv6 address in brackets. */
    public String endpoint() {
      return bracketed(address) + ":" + port;
    }

    /** Whether {@link #address} was looked up from a name rather than written in cluster.yaml. */
    public boolean resolved() {
      return !InetAddresses.isInetAddress(host) && !address.equals(host);
    }
  }

  /**
   * How long the balancer waits, and how it checks.
   *
   * @param connect to open a connection to a backend
   * @param idle for a quiet client or backend in an ordinary request
   * @param tunnel for a quiet WebSocket (Synchrony): editors stay open for long and say little
   * @param checkInterval between two health checks of a backend
   * @param checkTimeout for one health check's answer
   * @param fall failed checks in a row that take a backend out
   * @param rise passed checks in a row that put it back
   * @param passiveHold how long nginx leaves a backend alone after it failed a request
   */
  public record Timeouts(Duration connect, Duration idle, Duration tunnel, Duration checkInterval,
      Duration checkTimeout, int fall, int rise, Duration passiveHold) {
    /**
     * The defaults: Atlassian's AWS template idles connections out after 300 s and checks every 20
     * s; checks here are twice as frequent, so a stopped node leaves sooner.
     */
    public static Timeouts defaults() {
      return new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(300), Duration.ofHours(1), Duration.ofSeconds(10),
          Duration.ofSeconds(5), 2, 2, Duration.ofSeconds(10));
    }
  }

  /** Looks a host name up, for nginx; the system's resolver in production, a table in tests. */
  @FunctionalInterface
  public interface HostResolver {
    /** The IP address {@code host} stands for now. */
    String address(String host) throws UnknownHostException;

    static HostResolver system() {
      return host -> InetAddress.getByName(host).getHostAddress();
    }
  }

  /**
   * The balancer {@code topology} describes, or an {@link InvalidFileException} (exit 4) naming
   * every key that is missing for it, with its place in cluster.yaml.
   *
   * @param file the cluster.yaml as the user named it, which messages and the file's header repeat
   */
  public static BalancerSpec of(Topology topology, Path file, HostResolver resolver) {
    LoadBalancer balancer = topology.loadBalancer();
    SourcePositions positions = SourcePositions.of(topology.source());
    Diagnostics problems = new Diagnostics(file.toString());
    requireKindAndUrl(balancer, positions, problems);
    LoadBalancer.Kind kind = balancer.kind().orElseThrow();
    Listener listener = listener(balancer);
    Addresses addresses = new Addresses(kind, resolver, positions, problems, topology.nodes());
    Pool confluence = new Pool(balancer.admin().map(LoadBalancer.Admin::backend).orElse(DEFAULT_BACKEND),
        CONFLUENCE_COOKIE, listener.contextPath() + "/status", "RUNNING", topology.nodes().stream()
            .map(node -> addresses.backend(node, topology.confluence().httpPort())).toList());
    Optional<Pool> synchrony = synchrony(topology, addresses);
    if (problems.hasErrors()) {
      throw new InvalidFileException(problems.sorted());
    }
    return new BalancerSpec(topology.cluster().name(), file.toString(), kind, listener, confluence, synchrony,
        balancer.admin().map(LoadBalancer.Admin::runtimeApi), Timeouts.defaults());
  }

  /** What only lb-config needs: the topology's rules accept a cluster.yaml with neither. */
  private static void requireKindAndUrl(LoadBalancer balancer, SourcePositions positions, Diagnostics problems) {
    if (balancer.kind().isEmpty()) {
      problems.error(positions.of("loadBalancer"), "'loadBalancer.kind' is not set, so there is no balancer to write"
          + " a configuration for", "write loadBalancer.kind: nginx, haproxy or apache");
    }
    if (balancer.url().isEmpty()) {
      problems.error(positions.of("loadBalancer"), "'loadBalancer.url' is not set, so there is no address to listen"
          + " on", "write loadBalancer.url: the URL users reach the cluster at, such as https://wiki.example.com");
    }
    if (problems.hasErrors()) {
      throw new InvalidFileException(problems.sorted());
    }
  }

  /** Where the URL says; the topology's rules have made sure an https URL comes with a certificate. */
  private static Listener listener(LoadBalancer balancer) {
    URI url = balancer.url().orElseThrow();
    boolean https = url.getScheme().equals("https");
    Optional<Tls> tls = https
        ? Optional.of(new Tls(balancer.certificate().orElseThrow(), balancer.certificateKey()))
        : Optional.empty();
    return new Listener(literal(url.getHost()).map(InetAddresses::toAddrString), url.getHost(),
        url.getPort() > 0 ? url.getPort() : https ? 443 : 80, tls,
        url.getPath() == null ? "" : url.getPath().replaceAll("/+$", ""));
  }

  private static Optional<Pool> synchrony(Topology topology, Addresses addresses) {
    Synchrony synchrony = topology.synchrony();
    List<Backend> backends = new ArrayList<>();
    switch (synchrony.mode()) {
      case OFF -> {
        return Optional.empty();
      }
      case MANAGED -> topology.nodes().forEach(n -> backends.add(addresses.backend(n, MANAGED_SYNCHRONY_PORT)));
      case STANDALONE -> synchrony.hosts().forEach(name -> topology.node(name)
          .ifPresent(n -> backends.add(addresses.backend(n, synchrony.port()))));
    }
    return Optional.of(new Pool("synchrony", SYNCHRONY_COOKIE, SYNCHRONY_PATH + "/heartbeat", "OK", backends));
  }

  private static String bracketed(String address) {
    return address.contains(":") ? "[" + address + "]" : address;
  }

  private static Optional<InetAddress> literal(String host) {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return InetAddresses.isInetAddress(bare) ? Optional.of(InetAddresses.forString(bare)) : Optional.empty();
  }

  /** Each node's address for the balancer, looked up once per node, with a diagnostic for a name that does not resolve. */
  private static final class Addresses {
    private final LoadBalancer.Kind kind;
    private final HostResolver resolver;
    private final SourcePositions positions;
    private final Diagnostics problems;
    private final List<Node> nodes;
    private final Map<String, String> known = new HashMap<>();

    Addresses(LoadBalancer.Kind kind, HostResolver resolver, SourcePositions positions, Diagnostics problems,
        List<Node> nodes) {
      this.kind = kind;
      this.resolver = resolver;
      this.positions = positions;
      this.problems = problems;
      this.nodes = nodes;
    }

    Backend backend(Node node, int port) {
      return new Backend(node.name(), node.host(), address(node), port);
    }

    private String address(Node node) {
      Optional<InetAddress> literal = literal(node.host());
      if (literal.isPresent()) {
        return InetAddresses.toAddrString(literal.get());
      }
      if (kind != LoadBalancer.Kind.NGINX) {
        return node.host();
      }
      return known.computeIfAbsent(node.name(), name -> {
        try {
          return resolver.address(node.host());
        } catch (UnknownHostException e) {
          problems.error(positions.of("nodes", String.valueOf(nodes.indexOf(node)), "host"), "nginx tells the nodes"
              + " apart by the address that answered, and '" + node.host() + "' does not resolve here",
              "write the node's IP address as its host, or run lb-config where the name resolves");
          return node.host();
        }
      });
    }
  }
}
