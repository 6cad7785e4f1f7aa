package dev.orchestrate.core.module.confluence;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.confluence.RemoteScript.BadArgument;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.undo.SynchronyWas;
import java.util.Set;

/**
 * {@code synchrony_service}: standalone Synchrony started by its start script, once. Check: the
 * process {@code <home>/synchrony.pid} names is alive; a check that fails or prints anything else
 * fails the task rather than start a second Synchrony. Apply: runs {@code start_script}, which
 * writes that PID file (whether it serves is for the playbook's heartbeat wait). Undo: a {@link
 * SynchronyWas} stopped, intended before the start script runs — a rollback stops the process it
 * started, and leaves alone one that ran before.
 */
public final class SynchronyServiceModule implements Module {
  @Override
  public String name() {
    return "synchrony_service";
  }

  /** It checks before it changes, so running it again after a dropped connection is safe. */
  @Override
  public boolean safeToRerun() {
    return true;
  }

  @Override
  public Set<String> arguments() {
    return Set.of("home", "start_script");
  }

  @Override
  public Set<String> requiredArguments() {
    return Set.of("home", "start_script");
  }

  @Override
  public ModuleResult execute(ModuleCall call) {
    RemotePath home;
    RemotePath script;
    try {
      home = RemoteScript.path(call, "home");
      script = RemoteScript.path(call, "start_script");
    } catch (BadArgument e) {
      return ModuleResult.failed(e.getMessage());
    }
    // kill -0 fails for a live process of another user; ps -p then tells.
    CommandResult seen = call.run(Command.of("""
        pid=$(head -n 1 %s 2>/dev/null | tr -dc 0-9)
        if [ -n "$pid" ] && { kill -0 "$pid" 2>/dev/null || ps -p "$pid" >/dev/null 2>&1; }; then
          echo alive
        else
          echo stopped
        fi
        """.formatted(RemoteScript.quote(home.resolve("synchrony.pid")))));
    String state = seen.stdout().strip();
    if (!seen.succeeded() || !(state.equals("alive") || state.equals("stopped"))) {
      return ModuleResult.failed("cannot tell whether Synchrony runs on " + call.node() + ": the probe "
          + (seen.succeeded() ? "printed '" + state + "' instead of alive or stopped"
              : "ended with " + RemoteScript.failure(seen)) + "\nNothing was started. Its login user must be able to run "
          + "sh there (with become: sudo, sudo -n without a password) and read " + home + "/synchrony.pid.");
    }
    if (state.equals("alive")) {
      return ModuleResult.ok("Synchrony runs already (" + home + "/synchrony.pid)");
    }
    if (call.checkMode()) {
      return ModuleResult.changed("would start Synchrony with " + script);
    }
    call.intend(SynchronyWas.stopped(home.value()));
    CommandResult started = call.run(Command.of(RemoteScript.quote(script)));
    if (!started.succeeded()) {
      return ModuleResult.failed("Synchrony did not start: " + (started.stderr().isBlank() ? started.stdout().strip()
          : started.stderr().strip()));
    }
    return ModuleResult.changed("Synchrony started (" + home + "/synchrony.pid)")
        .withUndo(SynchronyWas.stopped(home.value()));
  }
}
