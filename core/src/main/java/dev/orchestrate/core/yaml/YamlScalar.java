package dev.orchestrate.core.yaml;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.diagnostic.SourcePosition;

/**
 * A single YAML value with the type YAML gives it: {@code 22} is an integer, {@code "22"} a
 * string, {@code yes} and {@code true} booleans, an empty value null. Checks compare that type
 * with the one they expect, as a JSON Schema validator in an editor would.
 */
public record YamlScalar(SourcePosition position, String text, Type type) implements YamlNode {

  /** The kinds of scalar YAML distinguishes. */
  public enum Type {
    STRING("a string"),
    INTEGER("a whole number"),
    FLOAT("a decimal number"),
    BOOLEAN("true or false"),
    NULL("empty");

    private final String description;

    Type(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  public YamlScalar {
    requireNonNull(position, "position");
    requireNonNull(text, "text");
    requireNonNull(type, "type");
  }

  @Override
  public String describe() {
    return type.description();
  }
}
