package dev.orchestrate.core.module.confluence;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.confluence.RemoteScript.BadArgument;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import java.util.Map;
import java.util.Set;

/**
 * {@code synchrony_service}: standalone Synchrony started by its start script, once. Check: the
 * process {@code <home>/synchrony.pid} names is alive. Apply: runs {@code start_script}, which
 * writes that PID file (whether it serves is for the playbook's heartbeat wait). Undo: {@code
 * {"kind":"synchrony","home":...,"was":"stopped"}} — a rollback stops the process it started,
 * and leaves alone one that ran before.
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
    String pidFile = RemoteScript.quote(home.resolve("synchrony.pid"));
    CommandResult alive = call.run(Command.of("pid=$(cat " + pidFile + " 2>/dev/null); [ -n \"$pid\" ] && kill -0 \"$pid\""
        + " 2>/dev/null && echo alive || echo stopped"));
    if (alive.stdout().strip().equals("alive")) {
      return ModuleResult.ok("Synchrony runs already (" + home + "/synchrony.pid)");
    }
    if (call.checkMode()) {
      return ModuleResult.changed("would start Synchrony with " + script);
    }
    CommandResult started = call.run(Command.of(RemoteScript.quote(script)));
    if (!started.succeeded()) {
      return ModuleResult.failed("Synchrony did not start: " + (started.stderr().isBlank() ? started.stdout().strip()
          : started.stderr().strip()));
    }
    return ModuleResult.changed("Synchrony started (" + home + "/synchrony.pid)")
        .withUndo(Map.of("kind", "synchrony", "home", home.value(), "was", "stopped"));
  }
}
