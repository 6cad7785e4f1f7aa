package dev.orchestrate.core.template;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Jinja's item access for the filters that take keys or attribute names ({@code map(attribute=)},
 * {@code extract}, {@code sort(attribute=)}): a missing key or index gives an {@link Undefined}
 * that fails when used, naming what was missing.
 */
final class Attributes {
  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,9}");

  private Attributes() {}

  /** {@code base[key]}: a dict's value, or a list's element at a (possibly negative) index. */
  static Object item(Object base, Object key) {
    if (base instanceof Undefined) {
      return base;
    }
    if (base instanceof Map<?, ?> map) {
      if (map.containsKey(key)) {
        return map.get(key);
      }
      String name = String.valueOf(key);
      return map.containsKey(name) ? map.get(name) : Undefined.attribute(base, key);
    }
    if (base instanceof List<?> list && index(key) != null) {
      int index = index(key);
      int position = index < 0 ? list.size() + index : index;
      return position >= 0 && position < list.size() ? list.get(position) : Undefined.element(list, key);
    }
    return Undefined.attribute(base, key);
  }

  /** A dotted path such as {@code ansible_facts.hostname} or {@code results.0.rc}, read from {@code base}. */
  static Object path(Object base, String path) {
    Object value = base;
    for (String part : path.split("\\.", -1)) {
      value = item(value, part);
    }
    return value;
  }

  /**
   * The elements of a value Python would iterate: a list's elements, a dict's keys, a string's
   * characters.
   */
  static List<Object> elements(Object value, String filter) {
    if (value instanceof Collection<?> collection) {
      return new ArrayList<>(collection);
    }
    if (value instanceof Map<?, ?> map) {
      return new ArrayList<>(map.keySet());
    }
    if (value instanceof CharSequence text) {
      return new ArrayList<>(text.chars().mapToObj(c -> String.valueOf((char) c)).toList());
    }
    if (value != null && value.getClass().isArray()) {
      List<Object> elements = new ArrayList<>();
      for (int i = 0; i < Array.getLength(value); i++) {
        elements.add(Array.get(value, i));
      }
      return elements;
    }
    throw new TemplateFault(filter + " expects a list, not " + Undefined.typeName(value));
  }

  private static Integer index(Object key) {
    if (key instanceof Integer || key instanceof Long || key instanceof Short) {
      return ((Number) key).intValue();
    }
    if (key instanceof String text && INTEGER.matcher(text).matches()) {
      return Integer.parseInt(text);
    }
    return null;
  }
}
