package dev.orchestrate.core.template;

import java.util.Map;

/** The check every filter and test makes before using its value and arguments. */
final class Strictness {
  private Strictness() {}

  static void refuseUndefined(Object value) {
    if (value instanceof Undefined undefined) {
      throw undefined.failure();
    }
  }

  static void refuseUndefined(Object value, Object[] arguments) {
    refuseUndefined(value);
    if (arguments != null) {
      for (Object argument : arguments) {
        refuseUndefined(argument);
      }
    }
  }

  static void refuseUndefined(Object value, Object[] arguments, Map<String, Object> named) {
    refuseUndefined(value, arguments);
    if (named != null) {
      named.values().forEach(Strictness::refuseUndefined);
    }
  }
}
