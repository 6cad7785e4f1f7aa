package dev.orchestrate.core.topology;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as cluster.yaml writes them: a number and a unit, repeated: {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 500ms}. */
public final class Durations {
  /** The accepted form, also printed in the JSON Schema. */
  public static final String PATTERN = "^([0-9]+(ms|s|m|h))+$";

  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");
  private static final Pattern WHOLE = Pattern.compile(PATTERN);

  private Durations() {}

  /**
   * Reads {@code text}.
   *
   * @throws IllegalArgumentException when it is not in the accepted form, or too long to count
   */
  public static Duration parse(String text) {
    if (!WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration such as 30s, 5m or 1h");
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(text);
    try {
      while (part.find()) {
        long amount = Long.parseLong(part.group(1));
        total = total.plus(switch (part.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        });
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is too long a duration", e);
    }
    return total;
  }

  /** The shortest text {@link #parse} reads back as {@code duration}: {@code 90s} prints as {@code 1m30s}. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    append(text, duration.toHours(), "h");
    append(text, duration.toMinutesPart(), "m");
    append(text, duration.toSecondsPart(), "s");
    append(text, duration.toMillisPart(), "ms");
    return text.toString();
  }

  private static void append(StringBuilder text, long amount, String unit) {
    if (amount > 0) {
      text.append(amount).append(unit);
    }
  }
}
