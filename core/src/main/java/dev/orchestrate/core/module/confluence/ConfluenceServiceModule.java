package dev.orchestrate.core.module.confluence;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.confluence.ConfluenceNode.Observation;
import dev.orchestrate.core.module.confluence.ConfluenceNode.Unobservable;
import dev.orchestrate.core.module.confluence.ConfluenceNode.Watch;
import dev.orchestrate.core.module.confluence.RemoteScript.BadArgument;
import dev.orchestrate.core.module.confluence.ServicePlan.Act;
import dev.orchestrate.core.module.confluence.ServicePlan.Outcome;
import dev.orchestrate.core.module.confluence.ServicePlan.Settled;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.OutputListener;
import dev.orchestrate.core.undo.ServiceWas;
import java.util.Optional;
import java.util.Set;

/**
 * {@code confluence_service}: brings a Confluence node to {@code started}, {@code stopped} or
 * {@code restarted}, and returns only once it really is so: RUNNING on its {@code /status}, or
 * its process gone and nothing answering there. A start script returning proves neither.
 *
 * <p>Check: one script reads the JSON state {@code status_url} answers (never the HTTP code,
 * which differs between versions) and whether the PID in {@code work/catalina.pid} still runs.
 * Apply: {@code bin/start-confluence.sh} or {@code bin/stop-confluence.sh} (or {@code systemctl
 * start|stop UNIT} with {@code control: systemd}), then one remote script that polls twenty times a
 * second and prints each change of state as it happens, until the node is where it should be, a
 * start meets {@code ERROR}, or {@code timeout} passes; a failure names the last state seen and
 * ends with the last 20 lines of the node's {@code atlassian-confluence.log}. The stop script
 * runs beside that poll rather than before it: Tomcat's looks at its process once a second, so it
 * would hold the task up to a second after the node has stopped. Once the node has stopped, the
 * PID file is removed as that script's last step would, the script finishes on its own, and the
 * next start on the node waits for it first. {@code restarted}
 * stops, then starts, each with its own {@code timeout}. Undo: a {@link ServiceWas}, what the node
 * was before, intended before the start or stop script runs and recorded whenever something was done.
 *
 * <p>A node whose process runs, or that answers, but does not serve yet is waited for, not
 * started twice; one in {@code ERROR} (or {@code STOPPING}) is stopped and started again by {@code
 * started}, since only a restart cures ERROR, and a second ERROR fails the task.
 *
 * <p>Stopped means proven stopped: the PID file's process gone, or no PID file and no process
 * started for the install dir, and the port refusing connections. A check that does not run to
 * its end (sudo refused, a shell error, no curl or wget, no ps) or prints what it never prints
 * fails the task, naming the node and what it said, before anything is done: read as "stopped",
 * it would let a copy or a move run under a live node.
 *
 * <p>What to do, and what each step's end means, is decided by {@link ServicePlan} from that one
 * look and the arguments, with no host; this class sends the commands it decided on.
 */
public final class ConfluenceServiceModule implements Module {
  @Override
  public String name() {
    return "confluence_service";
  }

  /** It checks before it changes, so running it again after a dropped connection is safe. */
  @Override
  public boolean safeToRerun() {
    return true;
  }

  @Override
  public Set<String> arguments() {
    return Set.of("state", "install_dir", "local_home", "status_url", "control", "unit", "timeout");
  }

  @Override
  public Set<String> requiredArguments() {
    return Set.of("state", "install_dir", "local_home", "status_url");
  }

  @Override
  public ModuleResult execute(ModuleCall call) {
    ServicePlan.Wanted wanted;
    ConfluenceNode node;
    try {
      wanted = ServicePlan.Wanted.of(RemoteScript.required(call, "state"));
      node = ConfluenceNode.of(call);
    } catch (BadArgument e) {
      return ModuleResult.failed(e.getMessage());
    }
    long began = System.nanoTime();
    Observation before;
    try {
      before = node.observation(call.node(), call.run(node.probe()));
    } catch (Unobservable e) {
      return ModuleResult.failed(e.getMessage());
    }
    ServicePlan plan = ServicePlan.decide(wanted, before, call.checkMode(), node);
    Outcome outcome = plan instanceof Act act ? act(call, node, act) : ((Settled) plan).outcome();
    ModuleResult result = outcome.result(before, call.checkMode(), RemoteScript.secondsSince(began));
    return outcome.ok() ? result : result.asFailed(outcome.message() + node.logTail(call.run(node.logTail())));
  }

  private static Outcome act(ModuleCall call, ConfluenceNode node, Act act) {
    Optional<Outcome> stopped = act.stop().map(stop -> stop(call, node, stop));
    if (stopped.isPresent() && !act.startsAfter(stopped.get())) {
      return act.stopped(stopped.get());
    }
    return act.started(stopped, start(call, node, act.start().orElseThrow()));
  }

  private static Outcome stop(ModuleCall call, ConfluenceNode node, ServicePlan.Stop stop) {
    long began = System.nanoTime();
    call.intend(stop.intent());
    if (!node.systemd()) {
      Watch watch = watch(call, node, node.stopAndWatch(stop.watchedPid()));
      CommandResult control = watch.control();
      return stop.afterControl(node, control)
          .orElseGet(() -> stop.watched(node, control, watch, RemoteScript.secondsSince(began)));
    }
    CommandResult control = call.run(node.control("stop"));
    Optional<Outcome> ended = stop.afterControl(node, control);
    if (ended.isPresent()) {
      return ended.get();
    }
    Watch watch = watch(call, node, node.watchStop(stop.watchedPid()));
    return stop.watched(node, control, watch, RemoteScript.secondsSince(began));
  }

  private static Outcome start(ModuleCall call, ConfluenceNode node, ServicePlan.Start start) {
    long began = System.nanoTime();
    if (start.launches()) {
      call.intend(start.intent());
      Optional<Outcome> ended = start.afterControl(node, call.run(node.control("start")));
      if (ended.isPresent()) {
        return ended.get();
      }
    }
    return start.watched(node, watch(call, node, node.watchStart()), RemoteScript.secondsSince(began));
  }

  /** Runs a watching script, telling the person watching each change of state as it is printed. */
  private static Watch watch(ModuleCall call, ConfluenceNode node, Command script) {
    OutputListener progress = (stream, line) -> {
      if (stream == OutputListener.Stream.STDOUT) {
        node.progress(line).ifPresent(call::progress);
      }
    };
    return new Watch(call.run(script.withListener(progress)));
  }
}
