package dev.orchestrate.core.module.builtin;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Times written as Python writes them, which is what Ansible's {@code start}, {@code end} and {@code delta} hold. */
final class PythonTime {
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private PythonTime() {}

  /** {@code str(datetime)}: {@code 2024-05-06 12:34:56.789012}, with no fraction when it is zero. */
  static String timestamp(LocalDateTime time) {
    int micros = time.getNano() / 1000;
    return SECONDS.format(time) + (micros == 0 ? "" : String.format(".%06d", micros));
  }

  /** {@code str(timedelta)}: {@code 0:00:01.234567}, {@code 2 days, 3:04:05}. */
  static String delta(Duration duration) {
    long micros = duration.toNanos() / 1000;
    long days = micros / 86_400_000_000L;
    long rest = micros % 86_400_000_000L;
    long seconds = rest / 1_000_000;
    StringBuilder text = new StringBuilder();
    if (days > 0) {
      text.append(days).append(days == 1 ? " day, " : " days, ");
    }
    text.append(seconds / 3600).append(String.format(":%02d:%02d", seconds / 60 % 60, seconds % 60));
    if (rest % 1_000_000 != 0) {
      text.append(String.format(".%06d", rest % 1_000_000));
    }
    return text.toString();
  }
}
