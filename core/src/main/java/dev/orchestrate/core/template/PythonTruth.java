package dev.orchestrate.core.template;

import java.util.Collection;
import java.util.Map;

/**
 * Python's truth, which Jinja's filters use: None, False, zero and empty strings, lists and dicts
 * are false, everything else true (the string "false" included, unlike Ansible's {@code bool}).
 */
final class PythonTruth {
  private PythonTruth() {}

  static boolean of(Object value) {
    Strictness.refuseUndefined(value);
    if (value == null) {
      return false;
    }
    if (value instanceof Boolean bool) {
      return bool;
    }
    if (value instanceof Number number) {
      return number.doubleValue() != 0;
    }
    if (value instanceof CharSequence text) {
      return !text.isEmpty();
    }
    if (value instanceof Collection<?> collection) {
      return !collection.isEmpty();
    }
    if (value instanceof Map<?, ?> map) {
      return !map.isEmpty();
    }
    return true;
  }
}
