package dev.orchestrate.core.topology;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a cluster.yaml is read against on this machine: its environment variables (where secrets
 * come from), the user's home (for {@code ~}) and name (the default SSH user). Tests pass their
 * own instead of changing the process's.
 */
public record Environment(Map<String, String> variables, Path userHome, String userName) {
  public Environment {
    variables = Map.copyOf(variables);
    requireNonNull(userHome, "userHome");
    requireNonNull(userName, "userName");
  }

  /** This process's environment, home directory and user. */
  public static Environment system() {
    return new Environment(System.getenv(), Path.of(System.getProperty("user.home")), System.getProperty("user.name"));
  }

  public Optional<String> variable(String name) {
    return Optional.ofNullable(variables.get(name));
  }
}
