package dev.orchestrate.core;

import static java.util.Objects.requireNonNull;

/**
 * A failure the user should read: its message is printed as is (no stack trace unless
 * {@code --verbose}) and the process ends with its {@link ExitCode}.
 */
public class OrchestrateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;

  public OrchestrateException(ExitCode exitCode, String message) {
    super(requireNonNull(message, "message"));
    this.exitCode = requireNonNull(exitCode, "exitCode");
  }

  public OrchestrateException(ExitCode exitCode, String message, Throwable cause) {
    super(requireNonNull(message, "message"), cause);
    this.exitCode = requireNonNull(exitCode, "exitCode");
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
