package dev.orchestrate.core.topology;

import static java.util.Objects.requireNonNull;

/**
 * One host of the deployment, with the file-wide settings and its own overrides merged.
 *
 * @param name how cluster.yaml, plans and playbooks ({@code hosts: node2}) call it
 * @param host the address SSH connects to, which is also this node's entry in
 *     confluence.cluster.peers
 * @param synchronyHome where standalone Synchrony lives on this node (synchrony.home unless overridden)
 */
public record Node(String name, String host, RemotePath installDir, RemotePath localHome, RemotePath synchronyHome,
    SshSettings ssh) {
  public Node {
    requireNonNull(name, "name");
    requireNonNull(host, "host");
    requireNonNull(installDir, "installDir");
    requireNonNull(localHome, "localHome");
    requireNonNull(synchronyHome, "synchronyHome");
    requireNonNull(ssh, "ssh");
  }
}
