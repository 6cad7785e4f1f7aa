package dev.orchestrate.core.transport;

/**
 * Receives a remote command's output line by line as it arrives, so that output of any size
 * flows through with bounded memory. Called from transport threads, one line at a time per
 * command; implementations must be quick and must not block.
 */
@FunctionalInterface
public interface OutputListener {
  /** The two output streams of a command. */
  enum Stream { STDOUT, STDERR }

  /** One line without its line break; a line longer than the transport's limit arrives in pieces. */
  void line(Stream stream, String line);

  OutputListener IGNORE = (stream, line) -> { };
}
