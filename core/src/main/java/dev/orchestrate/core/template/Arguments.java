package dev.orchestrate.core.template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A filter's or test's arguments as Jinja passes them: positional ones, then named ones. */
record Arguments(List<Object> positional, Map<String, Object> named) {
  Arguments {
    positional = Collections.unmodifiableList(new ArrayList<>(positional));
    named = Collections.unmodifiableMap(new LinkedHashMap<>(named));
  }

  static Arguments of(Object[] positional, Map<String, Object> named) {
    return new Arguments(positional == null ? List.of() : Arrays.asList(positional), named == null ? Map.of() : named);
  }

  /** The argument named {@code name}, else the one at {@code index}, else {@code fallback}. */
  Object get(int index, String name, Object fallback) {
    if (named.containsKey(name)) {
      return named.get(name);
    }
    return index < positional.size() ? positional.get(index) : fallback;
  }

  /** The argument named {@code name}, which has no position: regex_search's {@code ignorecase}. */
  Object keyword(String name, Object fallback) {
    return named.containsKey(name) ? named.get(name) : fallback;
  }

  String string(int index, String name, String fallback) {
    Object value = get(index, name, fallback);
    return value == null ? null : value.toString();
  }

  boolean flag(int index, String name) {
    return PythonTruth.of(get(index, name, false));
  }

  /** The positional arguments from {@code index} on. */
  List<Object> from(int index) {
    return index < positional.size() ? positional.subList(index, positional.size()) : List.of();
  }
}
