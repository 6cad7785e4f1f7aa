package dev.orchestrate.core.module.confluence;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.confluence.RemoteScript.BadArgument;
import dev.orchestrate.core.module.confluence.SynchronyPlan.Settled;
import dev.orchestrate.core.module.confluence.SynchronyPlan.Start;
import dev.orchestrate.core.module.confluence.SynchronyPlan.Synchrony;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.undo.SynchronyWas;
import java.util.Set;

/**
 * {@code synchrony_service}: standalone Synchrony started by its start script, once. Check: the
 * process {@code <home>/synchrony.pid} names is alive; a check that fails or prints anything else
 * fails the task rather than start a second Synchrony. Apply: runs {@code start_script}, which
 * writes that PID file (whether it serves is for the playbook's heartbeat wait). Undo: a {@link
 * SynchronyWas} stopped, intended before the start script runs — a rollback stops the process it
 * started, and leaves alone one that ran before. {@link SynchronyPlan} decides, with no host.
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
    Synchrony synchrony = new Synchrony(home, script);
    SynchronyPlan plan = SynchronyPlan.decide(synchrony, call.node(), call.run(synchrony.probe()), call.checkMode());
    if (plan instanceof Settled settled) {
      return settled.result();
    }
    Start start = (Start) plan;
    call.intend(start.intent());
    return start.result(call.run(start.command()));
  }
}
