package dev.orchestrate.core.transport;

import dev.orchestrate.core.ExitCode;

/**
 * The connection to a host dropped while a command may have been running. The command may have
 * done part or all of its work; the transport does not run it again, since that could repeat a
 * change. The next command on the host reconnects.
 */
public final class ConnectionLostException extends TransportException {
  private static final long serialVersionUID = 1L;

  public ConnectionLostException(String host, String message, Throwable cause) {
    super(ExitCode.TASK_FAILED, host, message, cause);
  }
}
