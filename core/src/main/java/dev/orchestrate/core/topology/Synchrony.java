package dev.orchestrate.core.topology;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Synchrony, the collaborative-editing service.
 *
 * @param url for standalone Synchrony, the address browsers use, without {@code /v1}
 * @param hosts for standalone Synchrony, the names of the nodes that run it (every node unless
 *     cluster.yaml lists some); empty otherwise
 */
public record Synchrony(Mode mode, Optional<URI> url, int port, RemotePath home, List<String> hosts) {

  /** Who runs Synchrony. */
  public enum Mode implements YamlWord {
    /** Confluence starts and stops it with itself. */
    MANAGED,
    /** A separate process on chosen nodes, started by orchestrate. */
    STANDALONE,
    /** Collaborative editing is turned off. */
    OFF;
  }

  public Synchrony {
    requireNonNull(mode, "mode");
    requireNonNull(url, "url");
    requireNonNull(home, "home");
    hosts = List.copyOf(hosts);
    if (mode == Mode.STANDALONE && (url.isEmpty() || hosts.isEmpty())) {
      throw new IllegalArgumentException("standalone Synchrony needs a URL and at least one host");
    }
  }
}
