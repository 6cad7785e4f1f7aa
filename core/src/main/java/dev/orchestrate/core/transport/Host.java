package dev.orchestrate.core.transport;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.topology.Node;
import dev.orchestrate.core.topology.SshSettings;

/** A machine a {@link Transport} talks to: the node's name for messages, its address, and how to log in. */
public record Host(String name, String address, SshSettings ssh) {
  public Host {
    requireNonNull(name, "name");
    requireNonNull(address, "address");
    requireNonNull(ssh, "ssh");
  }

  public static Host of(Node node) {
    return new Host(node.name(), node.host(), node.ssh());
  }

  /** How messages name this host: {@code node1 (confluence@10.0.0.11:22)}. */
  public String describe() {
    return name + " (" + ssh.user() + "@" + address + ":" + ssh.port() + ")";
  }
}
