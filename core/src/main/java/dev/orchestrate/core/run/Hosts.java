package dev.orchestrate.core.run;

import dev.orchestrate.core.module.TransportModuleCall;
import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.LoadBalancer;
import dev.orchestrate.core.topology.Node;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.Transport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The hosts a run reaches, and what every task of a run shares to reach them. */
final class Hosts {
  private Hosts() {}

  /**
   * Every node's host by node name, in start order, plus {@code localhost} and, when cluster.yaml
   * names its host, {@code loadbalancer} for {@code delegate_to}.
   */
  static Map<String, Host> of(Topology topology) {
    Map<String, Host> hosts = new LinkedHashMap<>();
    for (Node node : topology.nodes()) {
      hosts.put(node.name(), Host.of(node));
    }
    topology.loadBalancer().admin().ifPresent(admin ->
        hosts.put(LoadBalancer.HOST_NAME, new Host(LoadBalancer.HOST_NAME, admin.host(), admin.ssh())));
    hosts.put("localhost", new Host("localhost", "127.0.0.1", topology.first().ssh()));
    return hosts;
  }

  /** Connects to every node at once, so an unreachable host or an untrusted key stops the run before its first step. */
  static void connect(Transport transport, Topology topology) {
    transport.connect(topology.nodes().stream().map(Host::of).toList());
  }

  /** The transport, hosts and secrets every task of run {@code runId} shares. */
  static TransportModuleCall.Context context(Transport transport, Topology topology, String runId, boolean checkMode,
      Path playbookDirectory) {
    Environment environment = Environment.system();
    return new TransportModuleCall.Context(transport, of(topology), runId, checkMode, playbookDirectory,
        name -> Secrets.source(topology, name).map(source -> source.read(environment).reveal()));
  }
}
