package dev.orchestrate.core.topology;

import com.google.common.net.InetAddresses;
import java.util.Optional;

/** Checks that a node's {@code host} is an IP address or a DNS name, without looking anything up. */
final class HostNames {
  /**
   * Names, IPv4 and IPv6 literals: a little wider than the exact rules, which {@link #problem}
   * applies. Shared with the JSON Schema.
   */
  static final String PATTERN =
      "^([0-9A-Fa-f.]*:[0-9A-Fa-f:.]*|[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?)$";

  private static final int LONGEST_NAME = 253;
  private static final int LONGEST_LABEL = 63;

  private HostNames() {}

  static Optional<String> problem(String host) {
    if (host.contains(":")) {
      return InetAddresses.isInetAddress(host) ? Optional.empty() : Optional.of("is not a valid IPv6 address");
    }
    if (host.matches("[0-9.]+")) {
      return InetAddresses.isInetAddress(host)
          ? Optional.empty()
          : Optional.of("is not a valid IPv4 address (four numbers from 0 to 255, such as 10.0.0.11)");
    }
    if (host.length() > LONGEST_NAME) {
      return Optional.of("is longer than the " + LONGEST_NAME + " characters a host name may have");
    }
    for (String label : host.split("\\.")) {
      if (label.length() > LONGEST_LABEL) {
        return Optional.of("has a part longer than " + LONGEST_LABEL + " characters: '" + label + "'");
      }
    }
    return Optional.empty();
  }
}
