package dev.orchestrate.core.undo;

import java.util.regex.Pattern;

/**
 * Who owned a file or folder, and its mode, before a run changed it: numeric ids, since a name
 * may be missing on the host while a number never is. An undo that restores a file or recreates
 * a folder gives it back, since the admin's commands often run as root while Confluence's files
 * belong to its service user.
 */
public record Ownership(String owner, String group, String mode) {
  private static final Pattern ID = Pattern.compile("[0-9]+");
  private static final Pattern MODE = Pattern.compile("[0-7]{1,4}");

  public Ownership {
    if (!ID.matcher(owner).matches() || !ID.matcher(group).matches()) {
      throw new IllegalArgumentException("owner and group are numeric ids, not '" + owner + "' and '" + group + "'");
    }
    if (!MODE.matcher(mode).matches()) {
      throw new IllegalArgumentException("mode is octal, such as 750, not '" + mode + "'");
    }
  }

  /** From {@code stat -c '%u %g %a'}. */
  public static Ownership parse(String stat) {
    String[] fields = stat.strip().split("\\s+");
    if (fields.length != 3) {
      throw new IllegalArgumentException("expected 'uid gid mode', not '" + stat.strip() + "'");
    }
    return new Ownership(fields[0], fields[1], fields[2]);
  }

  /** The shell commands that give {@code quotedPath} this owner, group and mode. */
  public String apply(String quotedPath) {
    return "chown -h -- " + owner + ":" + group + " " + quotedPath + " && chmod -- " + mode + " " + quotedPath;
  }
}
