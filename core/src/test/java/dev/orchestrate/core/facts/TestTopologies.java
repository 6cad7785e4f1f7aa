package dev.orchestrate.core.facts;

import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.topology.TopologyLoader;
import java.nio.file.Path;
import java.util.Map;

/** Topologies for the facts tests, read from cluster.yaml text as a person would write it. */
final class TestTopologies {
  private TestTopologies() {}

  /** Three Data Center nodes at the default paths, shared home /media/shared. */
  static Topology threeNodes() {
    return load("""
        cluster:
          name: wiki
        confluence:
          sharedHome: /media/shared
          license:
            env: LICENSE
        database:
          url: jdbc:postgresql://db:5432/confluence
          username: confluence
          passwordEnv: DB_PASSWORD
        nodes:
          - name: node1
            host: 10.0.0.11
          - name: node2
            host: 10.0.0.12
          - name: node3
            host: 10.0.0.13
        """);
  }

  /**
   * One node whose directories, shared home and Synchrony home all lie under {@code root} on this
   * machine, and whose Confluence answers on 127.0.0.1:{@code httpPort}.
   */
  static Topology localNode(Path root, int httpPort) {
    return load("""
        cluster:
          name: wiki
        confluence:
          installDir: %1$s/install
          localHome: %1$s/home
          sharedHome: %1$s/shared
          httpPort: %2$d
          license:
            env: LICENSE
        database:
          url: jdbc:postgresql://db:5432/confluence
          username: confluence
          passwordEnv: DB_PASSWORD
        synchrony:
          mode: standalone
          url: http://127.0.0.1:8091/synchrony
          home: %1$s/synchrony
        nodes:
          - name: node1
            host: 127.0.0.1
        """.formatted(root, httpPort));
  }

  private static Topology load(String yaml) {
    Environment environment = new Environment(Map.of("LICENSE", "license", "DB_PASSWORD", "password"),
        Path.of("/nonexistent-home"), "tester");
    return TopologyLoader.create(environment).load(yaml, Path.of("cluster.yaml")).orThrow();
  }
}
