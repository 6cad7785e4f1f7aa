package dev.orchestrate.core.facts;

import dev.orchestrate.core.topology.TestClusters;
import dev.orchestrate.core.topology.Topology;
import java.nio.file.Path;

/** Topologies for the facts tests, read from cluster.yaml text as a person would write it ({@link TestClusters}). */
final class TestTopologies {
  private TestTopologies() {}

  /** Three Data Center nodes at the default paths, shared home /media/shared. */
  static Topology threeNodes() {
    return TestClusters.threeNodes();
  }

  /**
   * One node whose directories, shared home and Synchrony home all lie under {@code root} on this
   * machine, and whose Confluence answers on 127.0.0.1:{@code httpPort}.
   */
  static Topology localNode(Path root, int httpPort) {
    return TestClusters.load("""
        cluster:
          name: wiki
        confluence:
          installDir: %1$s/install
          localHome: %1$s/home
          sharedHome: %1$s/shared
          httpPort: %2$d
          license:
            env: CONFLUENCE_LICENSE
        database:
          url: jdbc:postgresql://db:5432/confluence
          username: confluence
          passwordEnv: CONFLUENCE_DB_PASSWORD
        synchrony:
          mode: standalone
          url: http://127.0.0.1:8091/synchrony
          home: %1$s/synchrony
        nodes:
          - name: node1
            host: 127.0.0.1
        """.formatted(root, httpPort));
  }
}
