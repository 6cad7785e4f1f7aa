package dev.orchestrate.core.module.confluence;

import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.undo.SynchronyWas;

/**
 * What {@code synchrony_service} does, decided from one look at Synchrony's PID file with no
 * host: {@link Settled} at once (it runs, check mode, or a look that proves nothing), or {@link
 * Start}: the undo record to intend first, the start script, and the reading of how it ended.
 */
sealed interface SynchronyPlan permits SynchronyPlan.Settled, SynchronyPlan.Start {
  /**
   * Only {@code alive} or {@code stopped} from a probe that succeeded counts: a refused sudo or a
   * broken shell must never read as stopped, and start a second Synchrony.
   */
  static SynchronyPlan decide(Synchrony synchrony, String node, CommandResult probe, boolean checkMode) {
    String state = probe.stdout().strip();
    if (!probe.succeeded() || !(state.equals("alive") || state.equals("stopped"))) {
      return new Settled(ModuleResult.failed("cannot tell whether Synchrony runs on " + node + ": the probe "
          + (probe.succeeded() ? "printed '" + state + "' instead of alive or stopped"
              : "ended with " + RemoteScript.failure(probe)) + "\nNothing was started. Its login user must be able to"
          + " run sh there (with become: sudo, sudo -n without a password) and read " + synchrony.home()
          + "/synchrony.pid."));
    }
    if (state.equals("alive")) {
      return new Settled(ModuleResult.ok("Synchrony runs already (" + synchrony.home() + "/synchrony.pid)"));
    }
    if (checkMode) {
      return new Settled(ModuleResult.changed("would start Synchrony with " + synchrony.script()));
    }
    return new Start(synchrony);
  }

  /** Nothing to send: the look alone decides the result. */
  record Settled(ModuleResult result) implements SynchronyPlan {}

  /** Synchrony to start by its script, which writes the PID file; whether it serves is for the playbook's wait. */
  record Start(Synchrony synchrony) implements SynchronyPlan {
    /** A rollback stops the process this start made, and leaves alone one that ran before. */
    SynchronyWas intent() {
      return SynchronyWas.stopped(synchrony.home().value());
    }

    Command command() {
      return Command.of(RemoteScript.quote(synchrony.script()));
    }

    ModuleResult result(CommandResult started) {
      if (!started.succeeded()) {
        return ModuleResult.failed("Synchrony did not start: " + (started.stderr().isBlank()
            ? started.stdout().strip() : started.stderr().strip()));
      }
      return ModuleResult.changed("Synchrony started (" + synchrony.home() + "/synchrony.pid)").withUndo(intent());
    }
  }

  /** Standalone Synchrony on one node: its home, which holds {@code synchrony.pid}, and its start script. */
  record Synchrony(RemotePath home, RemotePath script) {
    /** Prints {@code alive} when the process the PID file names runs, else {@code stopped}. */
    Command probe() {
      // kill -0 fails for a live process of another user; ps -p then tells.
      return Command.of("""
          pid=$(head -n 1 %s 2>/dev/null | tr -dc 0-9)
          if [ -n "$pid" ] && { kill -0 "$pid" 2>/dev/null || ps -p "$pid" >/dev/null 2>&1; }; then
            echo alive
          else
            echo stopped
          fi
          """.formatted(RemoteScript.quote(home.resolve("synchrony.pid"))));
    }
  }
}
