package dev.orchestrate.core.undo;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Map;

/**
 * What a Confluence node was before the run started or stopped it ({@code confluence_service}).
 * Nothing is undone by the record itself: the rollback reads the first one of each node to know
 * whether the run started it (stop it, and leave it stopped) or whether it ran before (start it
 * again at the end).
 */
public record ServiceWas(State was) implements UndoRecord {
  static final String KIND = "service";

  /** A node's state as {@code /status} and its process showed it before the change. */
  public enum State {
    RUNNING, STOPPED,
    /** Up but not serving yet: it would have been RUNNING, so it counts as running. */
    STARTING,
    /** Up and in ERROR: started again it would be so again, so it counts as not running. */
    ERROR;

    /** Whether the node served, or was about to, before the run. */
    public boolean ran() {
      return this == RUNNING || this == STARTING;
    }

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** From its word: {@code running}, {@code stopped}, {@code starting}, {@code error}. */
    public static State of(String word) {
      for (State state : values()) {
        if (state.word().equalsIgnoreCase(word)) {
          return state;
        }
      }
      throw new IllegalArgumentException("a node was running, stopped, starting or error, not '" + word + "'");
    }
  }

  public ServiceWas {
    requireNonNull(was, "was");
  }

  public static ServiceWas of(String word) {
    return new ServiceWas(State.of(word));
  }

  static ServiceWas fromJson(JsonFields fields) {
    return of(fields.required("was"));
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String describe() {
    return "Confluence was " + was.word() + " before the run";
  }

  @Override
  public Reach reach() {
    return Reach.NOTHING;
  }

  @Override
  public Map<String, Object> toJson() {
    return JsonForm.of(KIND).put("was", was.word()).map();
  }
}
