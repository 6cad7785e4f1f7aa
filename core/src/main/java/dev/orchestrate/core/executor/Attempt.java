package dev.orchestrate.core.executor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a task came to before the run's rules make it an outcome: one call of its module, one
 * loop item, or the whole task.
 *
 * @param registered the value {@code register:} gives; kept as given, not copied, because it
 *     becomes the registered variable itself
 * @param message what a report shows beside the status
 */
record Attempt(Map<String, Object> registered, boolean changed, boolean failed, boolean skipped, String message) {
  /** A task whose {@code when} condition did not hold, registered as Ansible registers the skip. */
  static Attempt skipped(Object falseCondition) {
    Map<String, Object> registered = new LinkedHashMap<>();
    registered.put("changed", false);
    registered.put("skipped", true);
    registered.put("skip_reason", "Conditional result was False");
    registered.put("false_condition", String.valueOf(falseCondition));
    return new Attempt(registered, false, false, true, "");
  }

  /** A task that could not go on: a template, an argument or the transport failed with {@code message}. */
  static Attempt error(String message) {
    return new Attempt(Map.of("failed", true, "msg", message), false, true, false, message);
  }

  Attempt withMessage(String other) {
    return new Attempt(registered, changed, failed, skipped, other);
  }
}
