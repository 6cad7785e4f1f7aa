package dev.orchestrate.core.module.confluence;

import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.confluence.ConfluenceNode.Observation;
import dev.orchestrate.core.module.confluence.ConfluenceNode.Watch;
import dev.orchestrate.core.module.confluence.RemoteScript.BadArgument;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.undo.ServiceWas;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code confluence_service} does about a node, decided from one look at it and the state
 * wanted: {@link Settled} at once (it is so already, check mode, a refusal), or an {@link Act}: a
 * stop, a start, or a stop then a start, each sent and watched in turn. How each step ends is
 * read into an {@link Outcome} here too, so every message, changed flag and undo record is
 * decided without a host, and the module only sends the commands.
 */
sealed interface ServicePlan permits ServicePlan.Settled, ServicePlan.Act {
  String STOPPED_ALREADY = "Confluence is stopped already";

  /** The {@code state} argument. */
  enum Wanted {
    STARTED, STOPPED, RESTARTED;

    static Wanted of(String word) {
      for (Wanted wanted : values()) {
        if (wanted.name().toLowerCase(Locale.ROOT).equals(word)) {
          return wanted;
        }
      }
      throw new BadArgument("state must be started, stopped or restarted, not '" + word + "'");
    }
  }

  static ServicePlan decide(Wanted wanted, Observation before, boolean checkMode, ConfluenceNode node) {
    return switch (wanted) {
      case STARTED -> start(before, checkMode, node);
      case STOPPED -> stop(before, checkMode, node);
      case RESTARTED -> restart(before, checkMode, node);
    };
  }

  /**
   * A node that is up but not serving yet is watched, not started twice. One in ERROR or STOPPING
   * is stopped and started again: only a restart cures ERROR, and asking for the node to be
   * started again is how an admin who fixed the cause says so; a node on its way down must be
   * down before it can come up. A second ERROR fails the task, so a cause not fixed is never
   * restarted in a loop. Something answering that is not Confluence, with no process of the
   * install dir, is refused: it holds the port.
   */
  private static ServicePlan start(Observation before, boolean checkMode, ConfluenceNode node) {
    if (before.running()) {
      return new Settled(Outcome.done(false, "Confluence is RUNNING already", "running"));
    }
    if (before.state().equals("ERROR") || before.state().equals("STOPPING")) {
      String found = "Confluence was " + (before.state().equals("ERROR") ? "in ERROR" : "STOPPING") + " ("
          + before.describe(node) + ")";
      if (checkMode) {
        return new Settled(Outcome.done(true, found + "; would stop it and start it again", "ERROR"));
      }
      return new Act(Optional.of(new Stop(before)), Optional.of(new Start(Observation.STOPPED)),
          Optional.of(new Framing(found + "; stopping it to start it again: ",
              found + ", so it was stopped and started again: ")));
    }
    if (checkMode) {
      return new Settled(Outcome.done(true, "would start Confluence (now: " + before.describe(node) + ")",
          before.summary()));
    }
    if (before.state().equals("?") && !before.pidAlive()) {
      return new Settled(Outcome.failed(false, node.statusUrl() + " answers, but not as Confluence does, and no"
          + " process of " + node.install() + " runs (" + before.describe(node) + "): another program holds the"
          + " port; stop it, then apply again", "unknown"));
    }
    return new Act(Optional.empty(), Optional.of(new Start(before)), Optional.empty());
  }

  private static ServicePlan stop(Observation before, boolean checkMode, ConfluenceNode node) {
    if (before.stopped()) {
      return new Settled(Outcome.done(false, STOPPED_ALREADY, "stopped"));
    }
    if (checkMode) {
      return new Settled(Outcome.done(true, "would stop Confluence (now: " + before.describe(node) + ")",
          before.summary()));
    }
    return new Act(Optional.of(new Stop(before)), Optional.empty(), Optional.empty());
  }

  private static ServicePlan restart(Observation before, boolean checkMode, ConfluenceNode node) {
    if (checkMode) {
      return new Settled(Outcome.done(true, "would restart Confluence (now: " + before.describe(node) + ")",
          before.summary()));
    }
    if (before.stopped()) {
      return new Act(Optional.empty(), Optional.of(new Start(Observation.STOPPED)),
          Optional.of(new Framing("restart: ", "restarted: " + STOPPED_ALREADY + "; ")));
    }
    return new Act(Optional.of(new Stop(before)), Optional.of(new Start(Observation.STOPPED)),
        Optional.of(new Framing("restart: ", "restarted: ")));
  }

  /**
   * The undo record: what the node was before this task acted on it, intended before it acts. A
   * node that is up but neither RUNNING nor in ERROR (STARTING, FIRST_RUN, STOPPING, a process
   * not answering yet) was on its way to serving, and counts as starting.
   */
  static ServiceWas was(Observation before) {
    if (before.running()) {
      return new ServiceWas(ServiceWas.State.RUNNING);
    }
    if (before.state().equals("ERROR")) {
      return new ServiceWas(ServiceWas.State.ERROR);
    }
    return new ServiceWas(before.stopped() ? ServiceWas.State.STOPPED : ServiceWas.State.STARTING);
  }

  /** Nothing to send: the outcome is known from the look alone. */
  record Settled(Outcome outcome) implements ServicePlan {}

  /** A stop, a start, or both in that order, and how their outcomes read as the task's. */
  record Act(Optional<Stop> stop, Optional<Start> start, Optional<Framing> framing) implements ServicePlan {
    /** Whether the start follows the stop that ended as {@code stopped}. */
    boolean startsAfter(Outcome stopped) {
      return start.isPresent() && stopped.ok();
    }

    /** The task's outcome when the stop was its last step, done or failed. */
    Outcome stopped(Outcome stopped) {
      return framing.map(f -> new Outcome(false, true, f.stopFailed() + stopped.message(), stopped.state()))
          .orElse(stopped);
    }

    /** The task's outcome once the start, after the stop if there was one, ended as {@code started}. */
    Outcome started(Optional<Outcome> stopped, Outcome started) {
      return framing.map(f -> new Outcome(started.ok(), true, f.started()
          + stopped.map(s -> s.message() + "; ").orElse("") + started.message(), started.state())).orElse(started);
    }
  }

  /** What the messages of a stop followed by a start begin with, when the stop fails and when it does not. */
  record Framing(String stopFailed, String started) {}

  /**
   * A stop of a node that {@code before} showed up: intended as what the node was, then the stop
   * script or systemctl, then a watch until the process is gone and the port closed.
   */
  record Stop(Observation before) {
    ServiceWas intent() {
      return was(before);
    }

    /** The process seen alive, for the watch; empty, it watches whatever the PID file names by then. */
    String watchedPid() {
      return before.pidAlive() ? before.pid() : "";
    }

    /**
     * The stop's outcome when the control command already decides it: a script the shell could not
     * run at all asked nothing to stop, so there is nothing to wait for.
     */
    Optional<Outcome> afterControl(ConfluenceNode node, CommandResult control) {
      if (control.exitStatus() != 126 && control.exitStatus() != 127) {
        return Optional.empty();
      }
      return Optional.of(Outcome.failed(true, node.describeControl("stop") + " could not be run, "
          + RemoteScript.failure(control) + "; Confluence was left as it was (" + before.describe(node) + ")",
          before.summary()));
    }

    /**
     * The stop's outcome from its watch, {@code seconds} after the stop began. A control script
     * that failed but whose node stopped anyway is no failure; one whose node did not stop is named.
     */
    Outcome watched(ConfluenceNode node, CommandResult control, Watch watch, double seconds) {
      String controlNote = control.succeeded() ? ""
          : "; " + node.describeControl("stop") + " failed, " + RemoteScript.failure(control);
      return switch (watch.status()) {
        case 0 -> Outcome.done(true, "Confluence stopped after " + seconds(seconds), "stopped");
        case 3 -> Outcome.failed(true, "Confluence did not stop within " + node.stopSeconds() + " s: "
            + watch.stillHolds(node) + controlNote, watch.lastFieldState());
        default -> Outcome.failed(true, "cannot watch Confluence stop, " + RemoteScript.failure(watch.result())
            + controlNote, watch.lastFieldState());
      };
    }
  }

  /**
   * A start of a node as {@code before} showed it: launched (intended, then the start script or
   * systemctl) only when nothing of it is up, then watched until RUNNING.
   */
  record Start(Observation before) {
    boolean launches() {
      return !before.up();
    }

    ServiceWas intent() {
      return was(before);
    }

    /** The start's outcome when the launch already decides it: a start script that failed. */
    Optional<Outcome> afterControl(ConfluenceNode node, CommandResult control) {
      if (control.succeeded()) {
        return Optional.empty();
      }
      return Optional.of(Outcome.failed(true, node.describeControl("start") + " failed, "
          + RemoteScript.failure(control), before.summary()));
    }

    /**
     * The start's outcome from its watch, {@code seconds} after the start began. Only a launch
     * changed anything: a node that was on its way up and failed was only watched.
     */
    Outcome watched(ConfluenceNode node, Watch watch, double seconds) {
      boolean launched = launches();
      String already = launched ? "" : "Confluence was starting already (" + before.describe(node) + "); ";
      return switch (watch.status()) {
        case 0 -> Outcome.done(launched, already + "Confluence is RUNNING after " + seconds(seconds), "running");
        case 2 -> Outcome.failed(launched, already + "Confluence went to ERROR " + seconds(seconds)
            + " after the start (" + node.statusUrl() + ")", "ERROR");
        case 3 -> Outcome.failed(launched, already + "Confluence did not reach RUNNING within "
            + node.startSeconds() + " s; " + watch.describeLast(node), watch.lastFieldState());
        default -> Outcome.failed(launched, "cannot watch Confluence start, " + RemoteScript.failure(watch.result()),
            watch.lastFieldState());
      };
    }
  }

  /** How one state change went: whether it succeeded, whether anything was done, and the state at the end. */
  record Outcome(boolean ok, boolean acted, String message, String state) {
    static Outcome done(boolean acted, String message, String state) {
      return new Outcome(true, acted, message, state);
    }

    static Outcome failed(boolean acted, String message, String state) {
      return new Outcome(false, acted, message, state);
    }

    /**
     * The task's result, {@code elapsed} seconds after it began, carrying what the node was
     * {@code before} whenever something was done; a failure's message is the module's to finish.
     */
    ModuleResult result(Observation before, boolean checkMode, double elapsed) {
      return new ModuleResult(acted, false, message, Map.of("state", state, "elapsed", elapsed),
          acted && !checkMode ? List.of(was(before)) : List.of());
    }
  }

  private static String seconds(double seconds) {
    return String.format(Locale.ROOT, "%.1f s", seconds);
  }
}
