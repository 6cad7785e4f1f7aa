package dev.orchestrate.core.compiler;

import dev.orchestrate.core.facts.NodeFacts;
import java.util.Optional;

/**
 * What one node is, in the terms the compiler decides by: what is on its disk ({@link Disk}) and
 * what its Confluence is doing ({@link Service}). Every combination the facts can report maps to
 * one of these, so each has a decision and a sentence in the plan; docs/converge.md tabulates
 * them.
 */
record NodeCondition(Disk disk, Service service, NodeFacts facts) {
  /** What the node holds. */
  enum Disk {
    /** No installation and no local home: a node to copy to. */
    EMPTY,
    /**
     * An installation without a local home: what a copy cut off between its two trees leaves
     * (copies land whole, the installation first), or an installation nobody set up.
     */
    INSTALL_ONLY,
    /** A local home without an installation: no copy of orchestrate's leaves this. */
    HOME_ONLY,
    /** An installation and a local home, not clustered. */
    SERVER,
    /** An installation and a local home whose confluence.cfg.xml is clustered. */
    CLUSTERED
  }

  /** What answers for the node, from /status and its PID file. */
  enum Service {
    STOPPED,
    RUNNING,
    /** STARTING, FIRST_RUN or any other state on the way to serving. */
    STARTING,
    /** STOPPING: on its way down. */
    STOPPING,
    ERROR,
    /** A process runs (PID file) but nothing answers on /status: Tomcat not listening yet, or hung. */
    SILENT
  }

  static NodeCondition of(NodeFacts facts) {
    Disk disk;
    if (!facts.installed()) {
      disk = facts.homeExists() ? Disk.HOME_ONLY : Disk.EMPTY;
    } else if (!facts.homeExists()) {
      disk = Disk.INSTALL_ONLY;
    } else {
      disk = facts.clustered() ? Disk.CLUSTERED : Disk.SERVER;
    }
    Service service = facts.state().map(state -> switch (state) {
      case "RUNNING" -> Service.RUNNING;
      case "ERROR" -> Service.ERROR;
      case "STOPPING" -> Service.STOPPING;
      default -> Service.STARTING;
    }).orElse(facts.pidAlive() ? Service.SILENT : Service.STOPPED);
    return new NodeCondition(disk, service, facts);
  }

  boolean running() {
    return service == Service.RUNNING;
  }

  /** On its way to serving by itself: waited for, and before it serves no other node may start. */
  boolean onItsWayUp() {
    return service == Service.STARTING || service == Service.SILENT;
  }

  /** Some Confluence process is there, serving or not: starting another beside it would collide. */
  boolean up() {
    return service != Service.STOPPED;
  }

  /** The state in words, for the plan: "in ERROR (its log: ...)", "STARTING", "stopped"... */
  String describe() {
    return switch (service) {
      case STOPPED -> "stopped";
      case RUNNING -> "RUNNING";
      case STARTING -> facts.state().orElse("STARTING");
      case STOPPING -> "STOPPING";
      case ERROR -> "in ERROR" + lastError().map(line -> " (its log: " + line + ")").orElse("");
      case SILENT -> "a process runs but nothing answers on /status";
    };
  }

  /**
   * What {@code confluence_service: started} will do from here, in words: the decision the plan
   * shows for a node that should serve.
   */
  String startDecision() {
    return switch (service) {
      case STOPPED -> "is stopped: started, RUNNING before the next node starts";
      case RUNNING -> "is RUNNING: left as it is";
      case STARTING -> "is " + describe() + ": waited for until RUNNING, not started a second time";
      case STOPPING -> "is STOPPING: waited for until stopped, then started";
      case ERROR -> "is " + describe() + ": stopped and started again (only a restart cures ERROR); if it goes to "
          + "ERROR again the run stops there with its log";
      case SILENT -> "runs a process that does not answer on /status yet: waited for as a start under way, up to "
          + "startTimeout; if it never answers the run stops there: stop that process and apply again";
    };
  }

  private Optional<String> lastError() {
    return facts.lastError().map(line -> line.length() > 200 ? line.substring(0, 200) + "..." : line);
  }
}
