package dev.orchestrate.core.transport;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;

/** A host could not be used: unreachable, untrusted, refused the login, or lacks what a command needs. */
public class TransportException extends OrchestrateException {
  private static final long serialVersionUID = 1L;

  private final String host;

  public TransportException(String host, String message) {
    this(ExitCode.UNREACHABLE, host, message, null);
  }

  public TransportException(String host, String message, Throwable cause) {
    this(ExitCode.UNREACHABLE, host, message, cause);
  }

  protected TransportException(ExitCode exitCode, String host, String message, Throwable cause) {
    super(exitCode, message, cause);
    this.host = host;
  }

  /** The name of the host concerned. */
  public String host() {
    return host;
  }
}
