package dev.orchestrate.core.compiler;

import dev.orchestrate.core.facts.Facts;
import dev.orchestrate.core.facts.LicenseEdition;
import dev.orchestrate.core.facts.NodeFacts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a node's facts say, set field by field for the compiler's tests: by default a Data Center
 * node of cluster {@code wiki}, installed, clustered and RUNNING, whose peers are {@link
 * #PEERS}.
 */
final class Found {
  /** The hosts of {@code TestClusters}' three nodes, as confluence.cluster.peers lists them. */
  static final List<String> PEERS = List.of("10.0.0.11", "10.0.0.12", "10.0.0.13");

  private final String name;
  boolean installed = true;
  boolean home = true;
  boolean clustered = true;
  String clusterName = "wiki";
  Optional<String> state = Optional.of("RUNNING");
  boolean pidAlive = true;
  List<String> peers = PEERS;
  Optional<String> build = Optional.of("9012");
  Optional<String> licenseDigest = Optional.empty();
  Optional<String> lastError = Optional.empty();

  private Found(String name) {
    this.name = name;
  }

  static Found node(String name) {
    return new Found(name);
  }

  /** A Server installation: installed, with a local home, not clustered. */
  Found server() {
    clustered = false;
    clusterName = null;
    peers = List.of();
    return this;
  }

  /** Nothing on the node. */
  Found empty() {
    installed = false;
    home = false;
    return server().stopped();
  }

  Found stopped() {
    state = Optional.empty();
    pidAlive = false;
    return this;
  }

  Found state(String state) {
    this.state = Optional.ofNullable(state);
    return this;
  }

  NodeFacts facts() {
    boolean cluster = clustered && installed && home;
    return new NodeFacts(name, true, Optional.empty(), installed, Optional.empty(), home, Optional.of("complete"),
        Optional.of("custom"), installed ? build : Optional.empty(), state, pidAlive, cluster,
        cluster ? Optional.ofNullable(clusterName) : Optional.empty(), Optional.empty(), Optional.empty(),
        cluster ? peers : List.of(), Optional.empty(), LicenseEdition.UNKNOWN, licenseDigest, false, false, false, false,
        Optional.empty(), false, Map.of(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
        Optional.empty(), Map.of(), lastError);
  }

  static Facts facts(Found... nodes) {
    Map<String, NodeFacts> all = new LinkedHashMap<>();
    for (Found node : nodes) {
      all.put(node.name, node.facts());
    }
    return new Facts(all);
  }
}
