package dev.orchestrate.core.run;

import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/** A run's id: when it started, and a few random characters so two runs in one second differ. */
final class RunId {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private RunId() {}

  static String next() {
    byte[] random = new byte[3];
    new SecureRandom().nextBytes(random);
    return ZonedDateTime.now(ZoneOffset.UTC).format(STAMP) + "-" + HexFormat.of().formatHex(random);
  }
}
