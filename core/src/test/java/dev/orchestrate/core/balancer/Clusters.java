package dev.orchestrate.core.balancer;

import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.topology.TopologyLoader;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** cluster.yaml files for the balancer's tests: three nodes, with the sections a test adds. */
final class Clusters {
  static final String NODES = """
      nodes:
        - name: node1
          host: 10.0.0.11
        - name: node2
          host: 10.0.0.12
        - name: node3
          host: 10.0.0.13
      """;

  private static final String BASE = """
      cluster:
        name: wiki
      confluence:
        sharedHome: /media/shared
        license:
          env: CONFLUENCE_LICENSE
      database:
        url: jdbc:postgresql://db:5432/confluence
        username: confluence
        passwordEnv: CONFLUENCE_DB_PASSWORD
      """;

  private Clusters() {}

  /** The topology of the base file with {@code sections} and then {@code nodes}, written to {@code dir}/cluster.yaml. */
  static Topology load(Path dir, String sections, String nodes) throws IOException {
    Path file = dir.resolve("cluster.yaml");
    Files.writeString(file, BASE + sections + nodes);
    Environment environment = new Environment(Map.of("CONFLUENCE_LICENSE", "test-license", "CONFLUENCE_DB_PASSWORD",
        "test-password"), dir, "tester");
    return TopologyLoader.create(environment).load(file).orThrow();
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
