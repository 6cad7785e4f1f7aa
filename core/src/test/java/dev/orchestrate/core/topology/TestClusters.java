package dev.orchestrate.core.topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The cluster.yaml core's tests share: cluster {@code wiki} of Data Center nodes node1, node2,
 * node3 (10.0.0.11 to 10.0.0.13) at the default paths, shared home {@code /media/shared}, a
 * PostgreSQL database, the license and database password read from the environment. A test adds
 * the sections it needs between the settings and {@code nodes:}, which comes last so that a test
 * can append nodes to it.
 */
public final class TestClusters {
  /** The license key {@link #environment} gives. */
  public static final String LICENSE = "test-license";
  /** The database password {@link #environment} gives. */
  public static final String DB_PASSWORD = "test-password";

  /** Everything but the nodes; the line and column of each key are fixed, since diagnostics name them. */
  public static final String SETTINGS = """
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

  /** The three nodes. */
  public static final String NODES = nodes(3);

  /** The whole file: {@link #SETTINGS} and {@link #NODES}. */
  public static final String THREE_NODES = SETTINGS + NODES;

  private TestClusters() {}

  /** A {@code nodes:} section of {@code count} nodes: node1 at 10.0.0.11, node2 at 10.0.0.12... */
  public static String nodes(int count) {
    StringBuilder nodes = new StringBuilder("nodes:\n");
    for (int i = 1; i <= count; i++) {
      nodes.append("  - name: node").append(i).append('\n').append("    host: 10.0.0.").append(10 + i).append('\n');
    }
    return nodes.toString();
  }

  /** The file with {@code sections} (YAML at the top level, ending in a line break) before {@code nodes}. */
  public static String yaml(String sections, String nodes) {
    return SETTINGS + sections + nodes;
  }

  /** The environment the file's secrets are read from, {@code ~} being {@code home}. */
  public static Environment environment(Path home) {
    return new Environment(Map.of("CONFLUENCE_LICENSE", LICENSE, "CONFLUENCE_DB_PASSWORD", DB_PASSWORD), home, "tester");
  }

  /** The three-node cluster, read from text (relative paths would resolve against the working directory). */
  public static Topology threeNodes() {
    return load(THREE_NODES);
  }

  /** The three-node cluster with {@code sections}. */
  public static Topology threeNodes(String sections) {
    return load(yaml(sections, NODES));
  }

  /** {@code yaml} read as {@code cluster.yaml} of the working directory, with {@link #environment}. */
  public static Topology load(String yaml) {
    return TopologyLoader.create(environment(Path.of("/nonexistent-home"))).load(yaml, Path.of("cluster.yaml"))
        .orThrow();
  }

  /** {@code yaml} written to {@code dir}/cluster.yaml and read from there, {@code ~} being {@code dir}. */
  public static Topology load(Path dir, String yaml) throws IOException {
    Path file = dir.resolve("cluster.yaml");
    Files.writeString(file, yaml);
    return TopologyLoader.create(environment(dir)).load(file).orThrow();
  }
}
