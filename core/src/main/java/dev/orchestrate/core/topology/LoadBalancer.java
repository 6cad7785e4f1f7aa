package dev.orchestrate.core.topology;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;

/**
 * The load balancer in front of the cluster.
 *
 * @param url where users reach the cluster; checked after an apply when set
 * @param kind which load balancer `orchestrate lb-config` writes a configuration for
 */
public record LoadBalancer(Optional<URI> url, Optional<Kind> kind) {

  /** The load balancers a configuration can be written for. */
  public enum Kind implements YamlWord {
    NGINX,
    HAPROXY;
  }

  public LoadBalancer {
    requireNonNull(url, "url");
    requireNonNull(kind, "kind");
  }
}
