package dev.orchestrate.ssh;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a test server needs: where to listen, whose keys to accept, a directory of its own, and
 * optionally a PATH for its commands (to take sudo away, or put a stand-in before it).
 */
public record ServerSpec(String address, Path authorizedKeys, Path directory, Optional<String> path) {
  public ServerSpec {
    path = path == null ? Optional.empty() : path;
  }

  ServerSpec withPath(String commandPath) {
    return new ServerSpec(address, authorizedKeys, directory, Optional.of(commandPath));
  }

  public static ServerSpec of(String address, Path authorizedKeys, Path directory) {
    return new ServerSpec(address, authorizedKeys, directory, Optional.empty());
  }

  Map<String, String> environment() {
    return path.map(p -> Map.of("PATH", p)).orElse(Map.of());
  }
}
