package dev.orchestrate.core.transport;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * How a remote command ended. A non-zero exit status is a result, not an exception: deciding
 * whether it is a failure belongs to the caller.
 *
 * @param stdout the start of the standard output, up to the command's capture limit
 * @param truncated whether either stream was longer than what was kept
 */
public record CommandResult(int exitStatus, String stdout, String stderr, boolean truncated, Duration elapsed) {
  public CommandResult {
    requireNonNull(stdout, "stdout");
    requireNonNull(stderr, "stderr");
    requireNonNull(elapsed, "elapsed");
  }

  public boolean succeeded() {
    return exitStatus == 0;
  }

  /** The last {@code count} lines of both streams, for error messages. */
  public List<String> lastLines(int count) {
    List<String> all = Stream.concat(stdout.lines(), stderr.lines()).toList();
    return all.subList(Math.max(0, all.size() - count), all.size());
  }
}
