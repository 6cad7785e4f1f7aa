package dev.orchestrate.core.module.confluence;

import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Shell;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the modules of this package share: reading their arguments, and the small protocol their
 * scripts speak. A script reports facts as lines {@code key value...}; the module decides.
 */
final class RemoteScript {
  /**
   * {@code nearest PATH} prints PATH, or its nearest ancestor that exists: where a directory
   * would be created, and whose filesystem it would land on.
   */
  static final String NEAREST_FUNCTION = "nearest() { p=$1; while [ ! -e \"$p\" ] && [ ! -L \"$p\" ]; do"
      + " p=$(dirname -- \"$p\"); done; printf '%s\\n' \"$p\"; }\n";

  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)\\s*(h|m|s)?");
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(?:i?b)?");
  private static final String[] UNITS = {"bytes", "KB", "MB", "GB", "TB"};

  private RemoteScript() {}

  /** An argument a module cannot work with; the module reports it as its failure. */
  static final class BadArgument extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadArgument(String message) {
      super(message, null, false, false);
    }
  }

  static String quote(RemotePath path) {
    return Shell.quote(path.value());
  }

  /** The absolute path under {@code key}, which must be present. */
  static RemotePath path(ModuleCall call, String key) {
    return optionalPath(call, key).orElseThrow(() -> new BadArgument(key + " is required"));
  }

  static Optional<RemotePath> optionalPath(ModuleCall call, String key) {
    String text = call.string(key);
    return text == null ? Optional.empty() : Optional.of(path(text, key));
  }

  static RemotePath path(String text, String what) {
    Optional<String> problem = RemotePath.problem(text);
    if (problem.isPresent()) {
      throw new BadArgument(what + ": '" + text + "' " + problem.get());
    }
    return RemotePath.of(text);
  }

  /** The string under {@code key}, which must be present and not blank. */
  static String required(ModuleCall call, String key) {
    String value = call.string(key);
    if (value == null || value.isBlank()) {
      throw new BadArgument(key + " is required");
    }
    return value.strip();
  }

  /**
   * Seconds from a number, or from a duration text such as {@code 90s}, {@code 10m}, {@code 1h}
   * or {@code 1h30m}; a bare number in a text counts as seconds.
   */
  static long seconds(Object value, String key) {
    if (value instanceof Number number) {
      return positive(number.longValue(), key, value);
    }
    String text = String.valueOf(value).strip().toLowerCase(Locale.ROOT);
    Matcher part = DURATION_PART.matcher(text);
    long total = 0;
    int at = 0;
    while (at < text.length() && part.find(at) && part.start() == at) {
      long amount = Long.parseLong(part.group(1));
      String unit = part.group(2) == null ? "s" : part.group(2);
      total += switch (unit) {
        case "h" -> amount * 3600;
        case "m" -> amount * 60;
        default -> amount;
      };
      at = skipSpaces(text, part.end());
    }
    if (text.isEmpty() || at != text.length()) {
      throw new BadArgument(key + " must be a number of seconds or a duration such as 90s, 10m or 1h, not '" + value
          + "'");
    }
    return positive(total, key, value);
  }

  /** Bytes from a number, or from a size text such as {@code 500M} or {@code 2.5 GB} (powers of 1024). */
  static long bytes(Object value, String key) {
    if (value instanceof Number number) {
      return positive(number.longValue(), key, value);
    }
    Matcher size = SIZE.matcher(String.valueOf(value).strip().toLowerCase(Locale.ROOT));
    if (!size.matches()) {
      throw new BadArgument(key + " must be a number of bytes or a size such as 500M or 2GB, not '" + value + "'");
    }
    int power = size.group(2).isEmpty() ? 0 : "kmgt".indexOf(size.group(2)) + 1;
    return positive((long) (Double.parseDouble(size.group(1)) * Math.pow(1024, power)), key, value);
  }

  /** A size for people: {@code 2.1 GB}, counting in powers of 1024 as {@code df -h} does. */
  static String size(long bytes) {
    double amount = bytes;
    int unit = 0;
    while (amount >= 1024 && unit < UNITS.length - 1) {
      amount /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", amount, UNITS[unit]);
  }

  /** The lines of {@code stdout} that start with a key, the rest of each line by key, in order. */
  static Map<String, List<String>> facts(String stdout) {
    Map<String, List<String>> facts = new LinkedHashMap<>();
    stdout.lines().forEach(line -> {
      int space = line.indexOf(' ');
      String key = space < 0 ? line : line.substring(0, space);
      facts.computeIfAbsent(key, k -> new ArrayList<>()).add(space < 0 ? "" : line.substring(space + 1));
    });
    return facts;
  }

  static String fact(Map<String, List<String>> facts, String key, String fallback) {
    List<String> values = facts.get(key);
    return values == null ? fallback : values.get(0);
  }

  /** Why a command failed, for a message: its status and what it said last. */
  static String failure(CommandResult result) {
    List<String> lines = result.lastLines(10);
    return "status " + result.exitStatus() + (lines.isEmpty() ? "" : ": " + String.join("\n", lines));
  }

  /** Seconds for a result field, to the millisecond. */
  static double secondsSince(long startNanos) {
    return Math.round((System.nanoTime() - startNanos) / 1e6) / 1000.0;
  }

  private static long positive(long amount, String key, Object written) {
    if (amount <= 0) {
      throw new BadArgument(key + " must be more than zero, not '" + written + "'");
    }
    return amount;
  }

  private static int skipSpaces(String text, int at) {
    while (at < text.length() && text.charAt(at) == ' ') {
      at++;
    }
    return at;
  }
}
