package dev.orchestrate.cli;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import java.io.Console;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * The question before a command changes hosts, and {@code --yes}, which answers it: a mixin of the
 * commands that change hosts. Asked on a terminal only, and only "yes" goes on.
 */
final class Confirmation {
  @Option(names = "--yes", description = "Do not ask for confirmation.")
  private boolean yes;

  /**
   * @throws OrchestrateException (exit 4) when there is no terminal to ask on and {@code --yes} is not given
   */
  boolean ask(PrintWriter err, String question) {
    if (yes) {
      return true;
    }
    Console console = System.console();
    if (console == null) {
      throw new OrchestrateException(ExitCode.INVALID_INPUT, "this changes the hosts and there is no terminal to confirm"
          + " on: pass --yes to go ahead without asking (the plan is above)");
    }
    err.flush();
    String answer = console.readLine(question + " Only 'yes' is accepted: ");
    return answer != null && answer.strip().equals("yes");
  }
}
