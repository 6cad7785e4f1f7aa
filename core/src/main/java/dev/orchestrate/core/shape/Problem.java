package dev.orchestrate.core.shape;

import java.util.Optional;

/**
 * What is wrong with one value, as the end of a sentence that starts with the key's name
 * ("'ssh.port' " + message), and what to write instead.
 */
public record Problem(String message, Optional<String> hint) {
  public static Problem of(String message) {
    return new Problem(message, Optional.empty());
  }

  public static Problem of(String message, String hint) {
    return new Problem(message, Optional.of(hint));
  }
}
