package dev.orchestrate.sandbox;

/** The cluster.yaml a sandbox comes with: its hosts, as a Data Center cluster to migrate to. */
final class SandboxClusterYaml {
  private SandboxClusterYaml() {}

  static String content(SandboxLayout layout, SandboxState state, String databaseUrl) {
    StringBuilder yaml = new StringBuilder("""
        # The desired state of this sandbox: its Confluence Server on node1 becomes a Data Center
        # cluster of every host. Each host's disk is a directory of its own here, so paths differ per
        # node; on real machines they would be the same, and the per-node lines would go.
        #   orchestrate validate %1$s
        #   orchestrate plan %1$s
        cluster:
          name: sandbox-wiki
          edition: datacenter

        ssh:
          user: %2$s
          port: %3$d
          identityFile: client_key
          knownHosts: known_hosts

        confluence:
          sharedHome: %4$s
          httpPort: 8090
          license:
            file: licenses/datacenter.txt
          discovery:
            type: tcp_ip
          startTimeout: 2m
          stopTimeout: 1m

        database:
          url: %5$s
          username: confluence
          passwordFile: secrets/db-password

        nodes:
        """.formatted(layout.clusterYaml(), state.user(), state.sshPort(), layout.sharedHome(), databaseUrl));
    for (int k = 1; k <= state.nodes(); k++) {
      yaml.append("  - name: ").append(layout.nodeName(k)).append('\n')
          .append("    host: ").append(state.address(k)).append('\n')
          .append("    installDir: ").append(layout.installDir(k)).append('\n')
          .append("    localHome: ").append(layout.localHome(k)).append('\n');
    }
    return yaml.toString();
  }
}
