package dev.orchestrate.core.transport;

import java.time.Duration;

/** Hears how a tree copy advances; called from a transport thread a few times a second. */
@FunctionalInterface
public interface CopyListener {
  /** @param bytes how many bytes of the stream have reached the target so far */
  void progress(long bytes, Duration elapsed);

  CopyListener IGNORE = (bytes, elapsed) -> { };

  /** Bytes per second over {@code elapsed}, for showing a rate. */
  static double rate(long bytes, Duration elapsed) {
    double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
    return bytes / seconds;
  }
}
