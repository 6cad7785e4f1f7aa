package dev.orchestrate.core.topology;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The load balancer in front of the cluster.
 *
 * @param url where users reach the cluster; checked after an apply when set, and where the
 *     configuration `orchestrate lb-config` writes listens
 * @param kind which load balancer `orchestrate lb-config` writes a configuration for
 * @param certificate for an https URL: the certificate file (PEM) on the balancer's host
 * @param certificateKey for an https URL: its private key on the balancer's host, when the
 *     certificate file does not hold it
 * @param admin how orchestrate reaches the balancer itself, to drain nodes and to read what it
 *     thinks of them (HAProxy only)
 */
public record LoadBalancer(Optional<URI> url, Optional<Kind> kind, Optional<RemotePath> certificate,
    Optional<RemotePath> certificateKey, Optional<Admin> admin) {

  /** The name the balancer's host has in playbooks ({@code delegate_to: loadbalancer}). */
  public static final String HOST_NAME = "loadbalancer";

  /** The load balancers a configuration can be written for. */
  public enum Kind implements YamlWord {
    NGINX,
    HAPROXY,
    APACHE;
  }

  /**
   * HAProxy's runtime API, reached on the balancer's host over SSH as the nodes are.
   *
   * @param host the balancer's address
   * @param ssh how to log in there
   * @param runtimeApi the admin socket's path on that host, or {@code address:port} there
   * @param backend the HAProxy backend that holds the nodes, each server named as its node
   * @param drainTimeout how long a draining node's sessions are waited for before it is stopped anyway
   */
  public record Admin(String host, SshSettings ssh, String runtimeApi, String backend, Duration drainTimeout) {
    public Admin {
      requireNonNull(host, "host");
      requireNonNull(ssh, "ssh");
      requireNonNull(runtimeApi, "runtimeApi");
      requireNonNull(backend, "backend");
      requireNonNull(drainTimeout, "drainTimeout");
    }

    /** Whether {@link #runtimeApi} is a TCP address rather than a socket file. */
    public boolean overTcp() {
      return !runtimeApi.startsWith("/");
    }
  }

  public LoadBalancer {
    requireNonNull(url, "url");
    requireNonNull(kind, "kind");
    requireNonNull(certificate, "certificate");
    requireNonNull(certificateKey, "certificateKey");
    requireNonNull(admin, "admin");
  }

  /** No balancer described. */
  public static LoadBalancer none() {
    return new LoadBalancer(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }
}
