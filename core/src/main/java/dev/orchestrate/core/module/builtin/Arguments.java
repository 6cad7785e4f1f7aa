package dev.orchestrate.core.module.builtin;

import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.value.Values;
import java.util.List;
import java.util.Optional;

/** Reads a module's arguments as Ansible's argument spec would, failing with its kind of message. */
final class Arguments {
  private Arguments() {}

  /** The first of {@code keys} (a name and its aliases) that is present. */
  static Optional<String> first(ModuleCall call, String... keys) {
    for (String key : keys) {
      String value = call.string(key);
      if (value != null) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  static String required(ModuleCall call, String... keys) {
    return first(call, keys).orElseThrow(() -> new ModuleFailure("missing required arguments: " + keys[0]));
  }

  static Optional<String> optional(ModuleCall call, String key) {
    return Optional.ofNullable(call.string(key));
  }

  /** {@code key}'s value, which must be one of {@code allowed}; {@code fallback} when absent (may be null). */
  static String choice(ModuleCall call, String key, String fallback, List<String> allowed) {
    String value = call.string(key);
    if (value == null) {
      return fallback;
    }
    if (!allowed.contains(value)) {
      throw new ModuleFailure("value of " + key + " must be one of: " + String.join(", ", allowed) + ", got: " + value);
    }
    return value;
  }

  static int integer(ModuleCall call, String key, int fallback) {
    try {
      return call.integer(key, fallback);
    } catch (IllegalArgumentException e) {
      throw new ModuleFailure(e.getMessage());
    }
  }

  /** A number of seconds that may have a fraction, such as {@code sleep: 0.5}. */
  static double seconds(ModuleCall call, String key, double fallback) {
    Object value = call.arguments().get(key);
    if (value == null) {
      return fallback;
    }
    try {
      double seconds = value instanceof Number number
          ? number.doubleValue() : Double.parseDouble(value.toString().strip());
      if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
        throw new NumberFormatException();
      }
      return seconds;
    } catch (NumberFormatException e) {
      throw new ModuleFailure(key + " must be a number of seconds (0 or more), not '" + value + "'");
    }
  }

  static boolean flag(ModuleCall call, String key, boolean fallback) {
    return call.flag(key, fallback);
  }

  /** An absolute path on the host; Ansible would also take a relative one, which this tool refuses as ambiguous. */
  static RemotePath path(String text, String key) {
    Optional<String> problem = RemotePath.problem(text);
    if (problem.isPresent()) {
      throw new ModuleFailure(key + ": '" + text + "' " + problem.get());
    }
    return RemotePath.of(text);
  }

  /** {@link ModuleCall#revealSecrets}, failing the task by the secret's name when it is unknown. */
  static String revealed(ModuleCall call, String text) {
    try {
      return call.revealSecrets(text);
    } catch (IllegalArgumentException e) {
      throw new ModuleFailure(e.getMessage());
    }
  }

  static List<Object> list(ModuleCall call, String key) {
    return Values.list(call.arguments().get(key));
  }
}
