package dev.orchestrate.core.shape;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One key of an {@link ObjectShape}. The default, when there is one, is what the program uses
 * when the key is left out; it is shown in the JSON Schema so editors can offer it.
 */
public record Field(String name, String description, Shape shape, boolean required, Optional<Object> defaultValue) {
  public Field {
    requireNonNull(name, "name");
    requireNonNull(description, "description");
    requireNonNull(shape, "shape");
    requireNonNull(defaultValue, "defaultValue");
    if (required && defaultValue.isPresent()) {
      throw new IllegalArgumentException("required key '" + name + "' cannot also have a default");
    }
  }
}
