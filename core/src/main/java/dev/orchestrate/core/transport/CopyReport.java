package dev.orchestrate.core.transport;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What a verified tree copy moved.
 *
 * @param streamedBytes bytes of the archive stream between the hosts
 * @param manifestDigest the SHA-256 of the manifest both hosts computed alike: names, types,
 *     modes, sizes, times, link targets and file checksums
 */
public record CopyReport(
    long files, long directories, long symlinks, long fileBytes, long streamedBytes, String manifestDigest,
    Duration elapsed) {
  public CopyReport {
    requireNonNull(manifestDigest, "manifestDigest");
    requireNonNull(elapsed, "elapsed");
  }

  /** Stream rate in bytes per second. */
  public double rate() {
    return CopyListener.rate(streamedBytes, elapsed);
  }
}
