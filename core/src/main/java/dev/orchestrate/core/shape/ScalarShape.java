package dev.orchestrate.core.shape;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A single value: a string (optionally one of a fixed set, or matching a pattern), a whole number
 * in a range, or a boolean. Instances are immutable; the {@code with...} methods return copies.
 *
 * <p>Patterns are written in the subset of regular expressions that Java and JSON Schema (ECMA
 * 262) read alike, since both use them.
 */
public record ScalarShape(
    Kind kind,
    List<String> allowed,
    Optional<Pattern> pattern,
    String expected,
    OptionalLong minimum,
    OptionalLong maximum,
    List<ValueCheck> checks)
    implements Shape {

  /** The value types a scalar shape can ask for. */
  public enum Kind {
    STRING("a string"),
    INTEGER("a whole number"),
    BOOLEAN("true or false");

    private final String description;

    Kind(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  public ScalarShape {
    requireNonNull(kind, "kind");
    allowed = List.copyOf(allowed);
    requireNonNull(pattern, "pattern");
    requireNonNull(expected, "expected");
    checks = List.copyOf(checks);
  }

  /** Any text. */
  public static ScalarShape string() {
    return new ScalarShape(Kind.STRING, List.of(), Optional.empty(), Kind.STRING.description(),
        OptionalLong.empty(), OptionalLong.empty(), List.of());
  }

  /** Text matching {@code regex}, which {@code expected} describes to a person ("a duration such as 30s"). */
  public static ScalarShape matching(String regex, String expected) {
    return new ScalarShape(Kind.STRING, List.of(), Optional.of(Pattern.compile(regex)), expected,
        OptionalLong.empty(), OptionalLong.empty(), List.of());
  }

  /** One of a fixed set of words. */
  public static ScalarShape oneOf(String... words) {
    return new ScalarShape(Kind.STRING, List.of(words), Optional.empty(), String.join(" or ", words),
        OptionalLong.empty(), OptionalLong.empty(), List.of());
  }

  /** A whole number from {@code min} to {@code max}, both included. */
  public static ScalarShape integer(long min, long max) {
    return new ScalarShape(Kind.INTEGER, List.of(), Optional.empty(), Kind.INTEGER.description(),
        OptionalLong.of(min), OptionalLong.of(max), List.of());
  }

  public static ScalarShape bool() {
    return new ScalarShape(Kind.BOOLEAN, List.of(), Optional.empty(), Kind.BOOLEAN.description(),
        OptionalLong.empty(), OptionalLong.empty(), List.of());
  }

  /** A copy that also runs {@code check} on text that matched everything else. */
  public ScalarShape withCheck(ValueCheck check) {
    List<ValueCheck> more = new ArrayList<>(checks);
    more.add(check);
    return new ScalarShape(kind, allowed, pattern, expected, minimum, maximum, more);
  }
}
