package dev.orchestrate.core;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * Where a command's time goes: with {@code ORCHESTRATE_TRACE=1} in the environment, each {@link
 * #mark} prints the milliseconds since the JVM started and what was reached, to standard error.
 * For measuring (benchmarks/README.md), never for users; off, a mark costs one field read.
 */
public final class Trace {
  private static final boolean ON = "1".equals(System.getenv("ORCHESTRATE_TRACE"));
  private static final Instant STARTED = ON
      ? ProcessHandle.current().info().startInstant().orElseGet(Instant::now) : Instant.EPOCH;

  private Trace() {}

  public static boolean on() {
    return ON;
  }

  public static void mark(String what) {
    if (ON) {
      PrintStream err = System.err;
      err.println("trace " + Duration.between(STARTED, Instant.now()).toMillis() + " ms "
          + Thread.currentThread().getName() + ": " + what);
    }
  }
}
