package dev.orchestrate.core.topology;

import static java.util.Objects.requireNonNull;

/**
 * A password, license or key, read at the moment it is needed. Its {@link #toString()} never
 * shows the value, so a secret that slips into a log line, an event or an exception message
 * prints as {@code <secret>}. Only {@link #reveal()} gives the value, and its callers hand it to
 * a remote command's stdin or environment, never to its command line.
 */
public final class Secret {
  private final String value;

  public Secret(String value) {
    this.value = requireNonNull(value, "value");
  }

  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "<secret>";
  }
}
