package dev.orchestrate.core.transport;

import dev.orchestrate.core.ExitCode;
import java.util.List;

/** A command ran past its timeout; the transport stopped it (SIGTERM to its process group). */
public final class CommandTimeoutException extends TransportException {
  private static final long serialVersionUID = 1L;

  private final transient List<String> lastLines;

  public CommandTimeoutException(String host, String message, List<String> lastLines) {
    super(ExitCode.TASK_FAILED, host, message, null);
    this.lastLines = List.copyOf(lastLines);
  }

  /** What the command printed last before it was stopped. */
  public List<String> lastLines() {
    return lastLines;
  }
}
