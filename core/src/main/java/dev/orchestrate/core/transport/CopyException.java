package dev.orchestrate.core.transport;

import dev.orchestrate.core.ExitCode;

/**
 * A file or a tree could not be copied to, from or between hosts, or the copy does not match its
 * source. The target was left as it was: copies land under a temporary name and take the
 * target's name only once checked.
 */
public final class CopyException extends TransportException {
  private static final long serialVersionUID = 1L;

  public CopyException(String host, String message) {
    super(ExitCode.TASK_FAILED, host, message, null);
  }

  public CopyException(String host, String message, Throwable cause) {
    super(ExitCode.TASK_FAILED, host, message, cause);
  }
}
