package dev.orchestrate.ssh;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Whether a real sshd can be started here. In CI (the CI variable is set, as .ci/run sets it)
 * a missing sshd fails the suite: it must run there. Elsewhere the OpenSSH tests are skipped,
 * with the reason, and the embedded server's run anyway.
 */
public final class ServerFixtures {
  private ServerFixtures() {}

  static void requireServers(TransportContract suite) {
    if (suite instanceof OpenSshTransportTest) {
      requireOpenSsh();
    }
  }

  public static void requireOpenSsh() {
    boolean inCi = System.getenv("CI") != null;
    if (inCi && !OpenSshServer.available()) {
      throw new IllegalStateException("CI must run the OpenSSH contract tests, but " + OpenSshServer.SSHD
          + " is missing: .ci/run installs openssh-server");
    }
    assumeTrue(OpenSshServer.available(), "skipped outside CI: " + OpenSshServer.SSHD
        + " is not installed (apt-get install openssh-server)");
  }
}
