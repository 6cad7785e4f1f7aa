package dev.orchestrate.core.value;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Ansible's reading of loosely typed values: truthiness, numbers, lists. */
public final class Values {
  private Values() {}

  /** Ansible's {@code bool}: yes/true/on/1 are true, no/false/off/0/empty are false. */
  public static boolean truthy(Object value) {
    if (value == null) {
      return false;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n) {
      return n.doubleValue() != 0;
    }
    if (value instanceof Collection<?> c) {
      return !c.isEmpty();
    }
    if (value instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    String text = value.toString().strip().toLowerCase(Locale.ROOT);
    return switch (text) {
      case "", "no", "false", "off", "0", "n", "none" -> false;
      default -> true;
    };
  }

  public static int integer(Object value, String what) {
    if (value instanceof Number n) {
      return n.intValue();
    }
    try {
      return Integer.parseInt(String.valueOf(value).strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be a whole number, not '" + value + "'");
    }
  }

  /** A list as-is, a single value as a one-element list, null as empty. */
  public static List<Object> list(Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> l) {
      return java.util.Collections.unmodifiableList(new java.util.ArrayList<Object>(l));
    }
    return List.of(value);
  }
}
