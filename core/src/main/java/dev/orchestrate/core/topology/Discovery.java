package dev.orchestrate.core.topology;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How cluster nodes find each other (the {@code confluence.cluster.join.type} key and its
 * companions). Only the block of the chosen type is kept.
 */
public record Discovery(Type type, Optional<String> networkInterface, Optional<Multicast> multicast, Optional<Aws> aws) {

  /** The join types Confluence knows. */
  public enum Type implements YamlWord {
    TCP_IP,
    MULTICAST,
    AWS;
  }

  /** A multicast group; {@code ttl} is confluence.cluster.ttl. */
  public record Multicast(String address, int ttl) {
    public Multicast {
      requireNonNull(address, "address");
    }
  }

  /**
   * EC2 discovery. Credentials come from {@code iamRole}, or from an access key pair whose values
   * sit in the named environment variables.
   */
  public record Aws(
      String region,
      Optional<String> iamRole,
      Optional<SecretSource> accessKey,
      Optional<SecretSource> secretKey,
      Optional<String> hostHeader,
      Optional<String> securityGroup,
      Optional<String> tagKey,
      Optional<String> tagValue) {
    public Aws {
      requireNonNull(region, "region");
    }
  }

  public Discovery {
    requireNonNull(type, "type");
    requireNonNull(networkInterface, "networkInterface");
    if (multicast.isPresent() != (type == Type.MULTICAST) || aws.isPresent() != (type == Type.AWS)) {
      throw new IllegalArgumentException("discovery " + type + " must carry exactly its own settings");
    }
  }
}
