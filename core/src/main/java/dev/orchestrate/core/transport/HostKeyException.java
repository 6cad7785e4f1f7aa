package dev.orchestrate.core.transport;

/**
 * A host presented a key that known_hosts does not list, or one that differs from the key it
 * lists. The message gives the key's fingerprint and, for an unknown key, the exact line to add
 * once the fingerprint has been checked.
 */
public final class HostKeyException extends TransportException {
  private static final long serialVersionUID = 1L;

  /** Why the key was refused. */
  public enum Problem { UNKNOWN, CHANGED }

  private final Problem problem;
  private final String fingerprint;
  private final String knownHostsLine;

  public HostKeyException(String host, Problem problem, String fingerprint, String knownHostsLine, String message) {
    super(host, message);
    this.problem = problem;
    this.fingerprint = fingerprint;
    this.knownHostsLine = knownHostsLine;
  }

  public Problem problem() {
    return problem;
  }

  /** {@code SHA256:...}, as {@code ssh-keygen -lf} prints it. */
  public String fingerprint() {
    return fingerprint;
  }

  /** The known_hosts line that would trust this key. */
  public String knownHostsLine() {
    return knownHostsLine;
  }
}
