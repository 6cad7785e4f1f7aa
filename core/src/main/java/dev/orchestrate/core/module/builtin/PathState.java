package dev.orchestrate.core.module.builtin;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Shell;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one path on a host is, read with one {@code stat}: its kind (the path itself, not what a
 * link points to), permission bits, owner, group, size and identity, where a link points, and,
 * when asked, the SHA-1 of the file's content. Also the host's {@code umask}, which decides the
 * mode of files a module creates.
 */
record PathState(String path, Kind kind, int mode, int links, String uid, String owner, String gid, String group,
    long size, String identity, Optional<String> linkTarget, Optional<String> realPath, Optional<String> sha1,
    boolean parentExists, int umask) {

  enum Kind { ABSENT, FILE, DIRECTORY, LINK, OTHER }

  /** Prints facts about {@code $1} as key=value lines ending with {@code end}; with {@code $2 = sum}, the SHA-1 too. */
  static final String DESCRIBE_FUNCTION = "describe() {\n"
      + "  if [ -L \"$1\" ]; then echo kind=link; printf 'link=%s\\n' \"$(readlink -- \"$1\")\";"
      + " printf 'real=%s\\n' \"$(readlink -f -- \"$1\")\";\n"
      + "  elif [ -d \"$1\" ]; then echo kind=directory\n"
      + "  elif [ -f \"$1\" ]; then echo kind=file\n"
      + "  elif [ -e \"$1\" ]; then echo kind=other\n"
      + "  else echo kind=absent; fi\n"
      + "  if [ -e \"$1\" ] || [ -L \"$1\" ]; then"
      + " printf 'stat=%s\\n' \"$(stat -c '%a|%h|%u|%U|%g|%G|%s|%d:%i' -- \"$1\")\"; fi\n"
      + "  if [ \"$2\" = sum ] && [ -f \"$1\" ] && [ -r \"$1\" ]; then"
      + " s=$(sha1sum < \"$1\" 2>/dev/null || shasum -a 1 < \"$1\" 2>/dev/null); printf 'sha1=%s\\n' \"${s%% *}\"; fi\n"
      + "  if [ -d \"$(dirname -- \"$1\")\" ]; then echo parent=yes; fi\n"
      + "  echo end\n"
      + "}\n"
      + "printf 'umask=%s\\n' \"$(umask)\"\n";

  PathState {
    requireNonNull(path, "path");
    requireNonNull(kind, "kind");
    requireNonNull(linkTarget, "linkTarget");
    requireNonNull(realPath, "realPath");
    requireNonNull(sha1, "sha1");
  }

  static PathState read(ModuleCall call, String path, boolean checksum) {
    return read(call, List.of(path), checksum).get(0);
  }

  /** Reads several paths with one command. */
  static List<PathState> read(ModuleCall call, List<String> paths, boolean checksum) {
    CommandResult result = call.run(Command.of(script(paths, checksum)));
    List<PathState> states = result.succeeded() ? parse(paths, result.stdout()) : List.of();
    if (states.size() != paths.size()) {
      throw new ModuleFailure("could not read " + String.join(", ", paths) + " on the host: "
          + String.join(" ", result.lastLines(3)));
    }
    return states;
  }

  /** The script that prints what {@link #parse} reads. */
  static String script(List<String> paths, boolean checksum) {
    StringBuilder script = new StringBuilder(DESCRIBE_FUNCTION);
    for (String path : paths) {
      script.append("describe ").append(Shell.quote(path)).append(checksum ? " sum" : "").append('\n');
    }
    return script.toString();
  }

  static List<PathState> parse(List<String> paths, String output) {
    List<PathState> states = new ArrayList<>();
    int umask = 022;
    Map<String, String> facts = new HashMap<>();
    for (String line : output.lines().toList()) {
      if (line.startsWith("umask=")) {
        umask = Integer.parseInt(line.substring("umask=".length()).strip(), 8);
      } else if (line.equals("end") && states.size() < paths.size()) {
        states.add(of(paths.get(states.size()), facts, umask));
        facts.clear();
      } else {
        int equals = line.indexOf('=');
        if (equals > 0) {
          facts.put(line.substring(0, equals), line.substring(equals + 1));
        }
      }
    }
    return states;
  }

  private static PathState of(String path, Map<String, String> facts, int umask) {
    Kind kind = Kind.valueOf(facts.getOrDefault("kind", "absent").toUpperCase(java.util.Locale.ROOT));
    String[] stat = facts.getOrDefault("stat", "").split("\\|", -1);
    if (kind != Kind.ABSENT && stat.length != 8) {
      throw new ModuleFailure("could not stat " + path + " on the host");
    }
    boolean known = stat.length == 8;
    return new PathState(path, kind,
        known ? Integer.parseInt(stat[0], 8) : 0,
        known ? Integer.parseInt(stat[1]) : 0,
        known ? stat[2] : "", known ? stat[3] : "", known ? stat[4] : "", known ? stat[5] : "",
        known ? Long.parseLong(stat[6]) : 0,
        known ? stat[7] : "",
        Optional.ofNullable(facts.get("link")),
        Optional.ofNullable(facts.get("real")).filter(real -> !real.isEmpty()),
        Optional.ofNullable(facts.get("sha1")).filter(sum -> sum.length() == 40),
        facts.containsKey("parent"), umask);
  }

  boolean exists() {
    return kind != Kind.ABSENT;
  }

  /** Ansible's name for what the path is: absent, directory, link, hard (a file with more than one name) or file. */
  String ansibleState() {
    return switch (kind) {
      case ABSENT -> "absent";
      case DIRECTORY -> "directory";
      case LINK -> "link";
      case FILE, OTHER -> links > 1 ? "hard" : "file";
    };
  }

  /**
   * This path once written as a regular file with {@code mode}, keeping the owner and group it
   * has (none known when it is new).
   */
  PathState asWrittenFile(int newMode) {
    return new PathState(path, Kind.FILE, newMode, 1, uid, owner, gid, group, size, identity, Optional.empty(),
        Optional.empty(), Optional.empty(), true, umask);
  }

  /** The mode of a file this host would create: 0666 less the umask. */
  int newFileMode() {
    return 0666 & ~umask;
  }

  int newDirectoryMode() {
    return 0777 & ~umask;
  }

  /** The fields Ansible adds to a result that names a path: uid, gid, owner, group, mode, state, size. */
  Map<String, Object> info() {
    Map<String, Object> info = new LinkedHashMap<>();
    if (!exists()) {
      return info;
    }
    info.put("uid", number(uid));
    info.put("gid", number(gid));
    info.put("owner", owner);
    info.put("group", group);
    info.put("mode", modeText(mode));
    info.put("state", ansibleState());
    info.put("size", size);
    return info;
  }

  /** Mode bits as Ansible writes them: {@code 0644}, {@code 01777}. */
  static String modeText(int mode) {
    return String.format("0%03o", mode);
  }

  private static Object number(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return text;
    }
  }
}
