package dev.orchestrate.core.balancer;

import dev.orchestrate.core.topology.TestClusters;
import dev.orchestrate.core.topology.Topology;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.file.Path;

/** cluster.yaml files for the balancer's tests: {@link TestClusters}' three nodes, with the sections a test adds. */
final class Clusters {
  static final String NODES = TestClusters.NODES;

  private Clusters() {}

  /** The topology of the base file with {@code sections} and then {@code nodes}, written to {@code dir}/cluster.yaml. */
  static Topology load(Path dir, String sections, String nodes) throws IOException {
    return TestClusters.load(dir, TestClusters.yaml(sections, nodes));
  }

  static Topology load(Path dir, String sections) throws IOException {
    return load(dir, sections, NODES);
  }

  /** {@code text} with its comments' wrapped lines joined, to find a phrase wherever the lines break. */
  static String unwrapped(String text) {
    return text.replaceAll("\\n *# ", " ");
  }

  /** The spec of a topology whose node names resolve nowhere. */
  static BalancerSpec spec(Path dir, String sections) throws IOException {
    return spec(dir, sections, NODES);
  }

  static BalancerSpec spec(Path dir, String sections, String nodes) throws IOException {
    return BalancerSpec.of(load(dir, sections, nodes), dir.resolve("cluster.yaml"), host -> {
      throw new UnknownHostException(host);
    });
  }
}
