package dev.orchestrate.core.shape;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML mapping with a closed set of keys: any other key is an error. Besides its fields it
 * holds the rules that tie keys together: keys that must not be written (with what to write
 * instead), groups of which exactly one key is written, keys that go in pairs, and keys required
 * only when another key has a given value.
 */
public record ObjectShape(
    String title,
    List<Field> fields,
    Map<String, Problem> forbidden,
    List<List<String>> exactlyOneOf,
    List<List<String>> together,
    List<Requirement> requirements)
    implements Shape {

  /**
   * When the value at {@code when} (a path of keys from this mapping) is {@code equals} — or is
   * left out and {@code matchesWhenAbsent}, because it defaults to that value — the key at
   * {@code require} must be written; {@code reason} says why.
   */
  public record Requirement(List<String> when, String equals, boolean matchesWhenAbsent, List<String> require, String reason) {
    public Requirement {
      when = List.copyOf(when);
      require = List.copyOf(require);
      requireNonNull(equals, "equals");
      requireNonNull(reason, "reason");
      if (when.isEmpty() || require.isEmpty()) {
        throw new IllegalArgumentException("a requirement needs a 'when' path and a 'require' path");
      }
    }
  }

  public ObjectShape {
    requireNonNull(title, "title");
    fields = List.copyOf(fields);
    forbidden = Map.copyOf(forbidden);
    exactlyOneOf = exactlyOneOf.stream().map(List::copyOf).toList();
    together = together.stream().map(List::copyOf).toList();
    requirements = List.copyOf(requirements);
  }

  public Optional<Field> field(String name) {
    return fields.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  public static Builder builder(String title) {
    return new Builder(title);
  }

  /** Collects the keys and rules of an {@link ObjectShape}, in the order they should be documented. */
  public static final class Builder {
    private final String title;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final Map<String, Problem> forbidden = new LinkedHashMap<>();
    private final List<List<String>> exactlyOneOf = new ArrayList<>();
    private final List<List<String>> together = new ArrayList<>();
    private final List<Requirement> requirements = new ArrayList<>();

    private Builder(String title) {
      this.title = title;
    }

    public Builder required(String name, String description, Shape shape) {
      return add(new Field(name, description, shape, true, Optional.empty()));
    }

    public Builder optional(String name, String description, Shape shape) {
      return add(new Field(name, description, shape, false, Optional.empty()));
    }

    /** An optional key and the value used when it is left out. */
    public Builder optional(String name, String description, Shape shape, Object defaultValue) {
      return add(new Field(name, description, shape, false, Optional.of(defaultValue)));
    }

    private Builder add(Field field) {
      if (fields.putIfAbsent(field.name(), field) != null) {
        throw new IllegalArgumentException("key '" + field.name() + "' is declared twice in " + title);
      }
      return this;
    }

    /** A key people may try to write that must never be there, such as an inline password. */
    public Builder forbidden(String name, String message, String hint) {
      forbidden.put(name, Problem.of(message, hint));
      return this;
    }

    public Builder exactlyOneOf(String... names) {
      exactlyOneOf.add(List.of(names));
      return this;
    }

    /** Keys that are written together or not at all. */
    public Builder together(String... names) {
      together.add(List.of(names));
      return this;
    }

    public Builder require(Requirement requirement) {
      requirements.add(requirement);
      return this;
    }

    public ObjectShape build() {
      for (List<String> group : exactlyOneOf) {
        checkDeclared(group);
      }
      for (List<String> group : together) {
        checkDeclared(group);
      }
      return new ObjectShape(title, List.copyOf(fields.values()), forbidden, exactlyOneOf, together, requirements);
    }

    private void checkDeclared(List<String> names) {
      for (String name : names) {
        if (!fields.containsKey(name)) {
          throw new IllegalStateException("rule names key '" + name + "' that " + title + " does not declare");
        }
      }
    }
  }
}
