package dev.orchestrate.cli;

import dev.orchestrate.core.compiler.TopologyVariables;
import dev.orchestrate.core.module.TransportModuleCall;
import dev.orchestrate.core.report.Redactor;
import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.LoadBalancer;
import dev.orchestrate.core.topology.Node;
import dev.orchestrate.core.topology.Secret;
import dev.orchestrate.core.topology.SecretSource;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.Transport;
import dev.orchestrate.ssh.SshTransport;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What the commands that reach hosts share: the transport, the hosts, the secrets, a run id. */
final class Runs {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private Runs() {}

  static SshTransport transport(HostKeyOptions hostKeys) {
    return SshTransport.create(Environment.system(), SshTransport.Options.defaults().withHostKeys(hostKeys.policy()));
  }

  /**
   * Every node's host by node name, in start order, plus {@code localhost} and, when cluster.yaml
   * names its host, {@code loadbalancer} for {@code delegate_to}.
   */
  static Map<String, Host> hosts(Topology topology) {
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

  /** A run's id: when it started, and a few random characters so two runs in one second differ. */
  static String newRunId() {
    byte[] random = new byte[3];
    new SecureRandom().nextBytes(random);
    return ZonedDateTime.now(ZoneOffset.UTC).format(STAMP) + "-" + HexFormat.of().formatHex(random);
  }

  static TransportModuleCall.Context context(Transport transport, Topology topology, String runId, boolean checkMode,
      Path playbookDirectory) {
    Environment environment = Environment.system();
    return new TransportModuleCall.Context(transport, hosts(topology), runId, checkMode, playbookDirectory,
        name -> secret(topology, name).map(source -> source.read(environment)).map(Secret::reveal));
  }

  /** Masks the run's secrets (license, database password) in everything it writes. */
  static Redactor redactor(Topology topology) {
    Environment environment = Environment.system();
    List<String> secrets = new java.util.ArrayList<>();
    for (String name : TopologyVariables.SECRET_NAMES) {
      secret(topology, name).ifPresent(source -> secrets.add(source.read(environment).reveal()));
    }
    return Redactor.of(secrets);
  }

  /** Where the secret a template names with {@code secret('...')} comes from. */
  private static Optional<SecretSource> secret(Topology topology, String name) {
    if (!TopologyVariables.SECRET_NAMES.contains(name)) {
      return Optional.empty();
    }
    return switch (name) {
      case "license" -> Optional.of(topology.confluence().license());
      case "database_password" -> topology.database().map(db -> db.password());
      default -> Optional.empty();
    };
  }
}
