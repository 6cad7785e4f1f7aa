package dev.orchestrate.core.shape;

import static java.util.Objects.requireNonNull;

/** A YAML list whose items all have one shape. */
public record ListShape(Shape items, int minItems) implements Shape {
  public ListShape {
    requireNonNull(items, "items");
    if (minItems < 0) {
      throw new IllegalArgumentException("minItems must be 0 or more, got " + minItems);
    }
  }

  public static ListShape of(Shape items) {
    return new ListShape(items, 0);
  }

  public static ListShape atLeastOne(Shape items) {
    return new ListShape(items, 1);
  }
}
