package dev.orchestrate.cli;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;

/**
 * The answer of a command whose work has not been built yet: it says so and exits 70, so that no
 * script mistakes a command that did nothing for one that succeeded.
 */
final class Unavailable {
  private Unavailable() {}

  static OrchestrateException until(String command, int issue, String arrivesWith) {
    return new OrchestrateException(ExitCode.INTERNAL_ERROR,
        "orchestrate " + command + " is not built yet: it arrives with issue #" + issue + " (" + arrivesWith
            + "). Nothing was done on any host.");
  }
}
