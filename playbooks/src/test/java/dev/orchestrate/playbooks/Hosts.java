package dev.orchestrate.playbooks;

import dev.orchestrate.core.facts.Facts;
import dev.orchestrate.core.facts.LicenseEdition;
import dev.orchestrate.core.facts.NodeFacts;
import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.topology.TopologyLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Topologies of N nodes and the facts of hosts in the states the procedures start from. */
public final class Hosts {
  private Hosts() {}

  public static Topology topology(Path dir, int nodes, String edition) {
    return topology(dir, nodes, edition, "");
  }

  /** @param extra more YAML: {@code discovery: {...}} goes into the confluence block, anything else at the top */
  static Topology topology(Path dir, int nodes, String edition, String extra) {
    String discovery = extra.startsWith("discovery:") ? "  " + extra : "";
    String top = extra.startsWith("discovery:") ? "" : extra;
    try {
      Files.writeString(dir.resolve("license.txt"), "LICENSE");
      Files.writeString(dir.resolve("db-password"), "secret");
      StringBuilder yaml = new StringBuilder("""
          cluster: {name: wiki, edition: %s}
          confluence:
            sharedHome: /media/shared
            license: {file: license.txt}
          %s
          database: {url: "jdbc:postgresql://db:5432/confluence", username: confluence, passwordFile: db-password}
          %s
          nodes:
          """.formatted(edition, discovery, top));
      for (int k = 1; k <= nodes; k++) {
        yaml.append("  - {name: node").append(k).append(", host: node").append(k).append(".wiki.internal}\n");
      }
      Path file = dir.resolve("cluster-" + nodes + "-" + edition + "-" + Integer.toHexString(extra.hashCode()) + ".yaml");
      Files.writeString(file, yaml);
      return TopologyLoader.create(new Environment(Map.of(), dir, "tester")).load(file).orThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Server installation on the first node, nothing on the others. */
  public static Facts serverOnFirst(Topology topology) {
    Map<String, NodeFacts> facts = new LinkedHashMap<>();
    topology.nodes().forEach(n -> facts.put(n.name(), n == topology.first() ? server(n.name()) : bare(n.name())));
    return new Facts(facts);
  }

  /** A cluster on the first {@code clustered} nodes (peers listing {@code peers}), nothing on the others. */
  public static Facts clusterOf(Topology topology, int clustered, List<String> peers) {
    Map<String, NodeFacts> facts = new LinkedHashMap<>();
    for (int i = 0; i < topology.nodes().size(); i++) {
      String name = topology.nodes().get(i).name();
      facts.put(name, i < clustered ? clusteredNode(name, peers) : bare(name));
    }
    return new Facts(facts);
  }

  /** {@code facts} with {@code node} stopped: nothing answers on /status, no process. */
  static Facts withStopped(Facts facts, String node) {
    Map<String, NodeFacts> nodes = new LinkedHashMap<>(facts.nodes());
    NodeFacts f = nodes.get(node);
    nodes.put(node, new NodeFacts(f.name(), f.reachable(), f.unreachableReason(), f.installed(), f.configuredHome(),
        f.homeExists(), f.setupStep(), f.setupType(), f.buildNumber(), Optional.empty(), false, f.clustered(),
        f.clusterName(), f.sharedHome(), f.joinType(), f.peers(), f.clusterInterface(), f.licenseEdition(),
        f.licenseDigest(), f.localSharedHome(), f.localAttachments(), f.desiredSharedHomeExists(),
        f.desiredSharedHomeHasConfig(), f.synchronyUrlInSetenv(), f.synchronyRunning(), f.freeBytes(), f.installBytes(),
        f.homeBytes(), f.attachmentsBytes()));
    return new Facts(nodes);
  }

  static NodeFacts server(String name) {
    return node(name, true, false, Optional.empty(), List.of(), LicenseEdition.SERVER);
  }

  static NodeFacts bare(String name) {
    return node(name, false, false, Optional.empty(), List.of(), LicenseEdition.NONE);
  }

  static NodeFacts clusteredNode(String name, List<String> peers) {
    return node(name, true, true, Optional.of("wiki"), peers, LicenseEdition.DATACENTER);
  }

  private static NodeFacts node(String name, boolean installed, boolean clustered, Optional<String> cluster,
      List<String> peers, LicenseEdition license) {
    return new NodeFacts(name, true, Optional.empty(), installed, Optional.empty(), installed,
        installed ? Optional.of("complete") : Optional.empty(), Optional.empty(), Optional.empty(),
        installed ? Optional.of("RUNNING") : Optional.empty(), installed, clustered, cluster,
        clustered ? Optional.of("/media/shared") : Optional.empty(), clustered ? Optional.of("tcp_ip") : Optional.empty(),
        peers, Optional.empty(), license, Optional.empty(), installed && !clustered, installed && !clustered, clustered,
        clustered, Optional.empty(), false, Map.of(), OptionalLong.of(1 << 20), OptionalLong.of(1 << 22),
        OptionalLong.of(1 << 21));
  }
}
