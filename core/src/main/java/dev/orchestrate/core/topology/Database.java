package dev.orchestrate.core.topology;

import static java.util.Objects.requireNonNull;

/** The external database every node shares; its password is read only when a task needs it. */
public record Database(String url, String username, SecretSource password) {
  public Database {
    requireNonNull(url, "url");
    requireNonNull(username, "username");
    requireNonNull(password, "password");
  }
}
