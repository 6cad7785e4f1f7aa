package dev.orchestrate.core.run;

import dev.orchestrate.core.compiler.TopologyVariables;
import dev.orchestrate.core.report.Redactor;
import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.SecretSource;
import dev.orchestrate.core.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The secrets cluster.yaml names (license, database password): where each comes from, and their mask. */
final class Secrets {
  private Secrets() {}

  /** Masks the run's secrets in everything it writes. */
  static Redactor redactor(Topology topology) {
    Environment environment = Environment.system();
    List<String> secrets = new ArrayList<>();
    for (String name : TopologyVariables.SECRET_NAMES) {
      source(topology, name).ifPresent(source -> secrets.add(source.read(environment).reveal()));
    }
    return Redactor.of(secrets);
  }

  /** Where the secret a template names with {@code secret('...')} comes from. */
  static Optional<SecretSource> source(Topology topology, String name) {
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
