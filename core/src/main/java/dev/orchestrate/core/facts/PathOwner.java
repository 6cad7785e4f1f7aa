package dev.orchestrate.core.facts;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * Who owns a directory and its permission bits, as read on the node (symbolic links followed):
 * what a procedure needs to give a directory it creates the owner Confluence expects.
 *
 * @param user the owner's name, or {@code UNKNOWN} when the host has no name for its uid
 * @param mode the permission bits in octal, such as {@code 750} or {@code 2775}
 */
public record PathOwner(String path, String user, String group, String mode) {
  private static final Pattern MODE = Pattern.compile("[0-7]{3,4}");
  private static final Pattern NAME = Pattern.compile("[^\\s:]+");

  public PathOwner {
    requireNonNull(path, "path");
    for (String name : new String[] {user, group}) {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(path + ": an owner is a name without spaces or colons, got '" + name + "'");
      }
    }
    if (mode == null || !MODE.matcher(mode).matches()) {
      throw new IllegalArgumentException(path + ": a mode is 3 or 4 octal digits, got '" + mode + "'");
    }
  }

  public boolean rootOwned() {
    return user.equals("root");
  }

  /** {@code confluence:confluence 750}, as the facts script prints it, without the path. */
  public String describe() {
    return user + ":" + group + " " + mode;
  }
}
