package dev.orchestrate.core.undo;

import java.util.Map;

/**
 * A standalone Synchrony the run started ({@code synchrony_service}): undone by stopping the
 * process {@code home/synchrony.pid} names, TERM then KILL, when it did not run before. Nothing to
 * do when no process runs.
 */
public record SynchronyWas(String home, boolean running) implements UndoRecord {
  static final String KIND = "synchrony";

  public SynchronyWas {
    Paths.requireAbsolute(home, "home");
  }

  /** A Synchrony the run is about to start, or started. */
  public static SynchronyWas stopped(String home) {
    return new SynchronyWas(home, false);
  }

  static SynchronyWas fromJson(JsonFields fields) {
    String was = fields.required("was");
    if (!was.equals("running") && !was.equals("stopped")) {
      throw new IllegalArgumentException("Synchrony was running or stopped, not '" + was + "'");
    }
    return new SynchronyWas(fields.required("home"), was.equals("running"));
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String describe() {
    return running ? "leave the Synchrony of " + home + " running" : "stop the Synchrony of " + home;
  }

  @Override
  public Reach reach() {
    return Reach.PROCESS;
  }

  @Override
  public Map<String, Object> toJson() {
    return JsonForm.of(KIND).put("home", home).put("was", running ? "running" : "stopped").map();
  }
}
