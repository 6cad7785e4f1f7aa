package dev.orchestrate.core.facts;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The user Confluence runs as on a node, and where the facts script learnt it: {@code CONF_USER}
 * in {@code bin/user.sh} (read as text, never run), else the local home's owner, else the user
 * of the running process.
 *
 * @param group that user's primary group when the user exists on the node, else the local home's
 *     group; empty when neither is known
 * @param exists the node has a user of that name: {@code bin/user.sh} can name one that was never
 *     created, and then nothing can be given to it
 */
public record ServiceUser(String user, Optional<String> group, Source source, boolean exists) {
  /** A name as {@code useradd} takes it: the only form read from {@code bin/user.sh}. */
  static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

  /** Where the user was learnt, each with the word the facts script prints for it. */
  public enum Source {
    USER_SH("user.sh", "from bin/user.sh"),
    LOCAL_HOME("local_home", "the local home's owner"),
    PROCESS("process", "the running Confluence's user");

    private final String word;
    private final String description;

    Source(String word, String description) {
      this.word = word;
      this.description = description;
    }

    /** As the facts script prints it and templates see it. */
    public String word() {
      return word;
    }

    static Optional<Source> of(String word) {
      for (Source source : values()) {
        if (source.word.equals(word)) {
          return Optional.of(source);
        }
      }
      return Optional.empty();
    }
  }

  public ServiceUser {
    if (user == null || !NAME.matcher(user).matches()) {
      throw new IllegalArgumentException("a service user is a user name, got '" + user + "'");
    }
    requireNonNull(group, "group");
    group.ifPresent(name -> {
      if (name.isBlank() || name.contains(":") || name.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("a service group is a group name, got '" + name + "'");
      }
    });
    requireNonNull(source, "source");
  }

  /**
   * One line for the plan: {@code runs as confluence:confluence (from bin/user.sh)}, or what is
   * wrong with it, so that nobody finds out from files given to the wrong user.
   */
  public String describe() {
    String why = source.description;
    if (!exists) {
      return "runs as " + user + " (" + why + "), but there is no user " + user + " on this host: create it, or "
          + "correct CONF_USER in bin/user.sh, before anything is given to it";
    }
    return "runs as " + user + group.map(name -> ":" + name).orElse(" (group unknown)") + " (" + why + ")";
  }
}
