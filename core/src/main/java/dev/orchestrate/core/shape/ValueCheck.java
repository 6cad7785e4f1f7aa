package dev.orchestrate.core.shape;

import java.util.Optional;

/**
 * A rule about one scalar's text beyond its pattern, such as "an IPv4 address has four parts of
 * at most 255". It runs only on text that already matches the pattern, and is not part of the
 * printed JSON Schema, which therefore accepts a little more than the checker: never less.
 */
@FunctionalInterface
public interface ValueCheck {
  Optional<Problem> check(String text);
}
