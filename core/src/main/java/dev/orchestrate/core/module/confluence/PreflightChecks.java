package dev.orchestrate.core.module.confluence;

import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.value.Values;
import dev.orchestrate.core.module.confluence.RemoteScript.BadArgument;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Shell;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The checks {@code preflight} was asked for, read from its arguments with every mistake in them;
 * the one script that gathers their facts; and the decision, with no host, of what those facts
 * mean: every problem, one per line.
 */
record PreflightChecks(List<RemotePath> exist, List<RemotePath> absent, List<RemotePath> writable,
    List<FreeSpace> space, List<String> commands, List<Integer> ports, String address,
    Optional<DatabaseLogin> login, Optional<Long> clockWithin, List<String> mistakes) {
  static final String CLOCK = "clock_within";
  private static final String FUNCTIONS = RemoteScript.NEAREST_FUNCTION + DatabaseLogin.FUNCTION + """
      present() { [ -e "$1" ] || [ -L "$1" ]; }
      exists() { if present "$2"; then echo "exists $1 yes"; else echo "exists $1 no"; fi; }
      writable() {
        if [ -d "$2" ]; then
          if [ -w "$2" ] && [ -x "$2" ]; then echo "writable $1 ok"; else echo "writable $1 readonly"; fi
        elif present "$2"; then echo "writable $1 notdir"
        else
          at=$(nearest "$2")
          if [ -d "$at" ] && [ -w "$at" ] && [ -x "$at" ]; then echo "writable $1 ok"
          else echo "writable $1 ancestor $at"; fi
        fi
      }
      free() {
        at=$(nearest "$2")
        kib=$(df -Pk -- "$at" 2>/dev/null | awk 'NR == 2 { print $4 }')
        echo "free $1 ${kib:--} $at"
      }
      found() { if command -v "$2" >/dev/null 2>&1; then echo "command $1 yes"; else echo "command $1 no"; fi; }
      listening() {
        if [ -r /proc/net/tcp ]; then
          echo "listening $(cat /proc/net/tcp /proc/net/tcp6 2>/dev/null \\
            | awk '$4 == "0A" { print $2 }' | sort -u | tr '\\n' ' ')"
        else echo "listening unknown"; fi
      }
      """;




  static PreflightChecks read(ModuleCall call) {
    Map<String, Object> arguments = call.arguments();
    List<String> mistakes = new ArrayList<>();
    List<FreeSpace> space = new ArrayList<>();
    for (Object entry : Values.list(arguments.get("free_space"))) {
      if (!(entry instanceof Map<?, ?> map) || map.get("path") == null || map.get("bytes") == null) {
        mistakes.add("free_space: each entry needs a path and bytes, such as {path: /data, bytes: 2GB}; got "
            + entry);
        continue;
      }
      try {
        space.add(new FreeSpace(RemoteScript.path(String.valueOf(map.get("path")), "free_space"),
            RemoteScript.bytes(map.get("bytes"), "free_space bytes")));
      } catch (BadArgument e) {
        mistakes.add(e.getMessage());
      }
    }
    List<String> commands = new ArrayList<>();
    for (Object command : Values.list(arguments.get("commands"))) {
      String name = String.valueOf(command).strip();
      if (name.isEmpty() || name.startsWith("-") || name.chars().anyMatch(Character::isWhitespace)) {
        mistakes.add("commands: '" + command + "' is not a command name");
      } else {
        commands.add(name);
      }
    }
    List<Integer> ports = new ArrayList<>();
    for (Object port : Values.list(arguments.get("ports_free"))) {
      try {
        int number = Values.integer(port, "ports_free");
        if (number < 1 || number > 65535) {
          mistakes.add("ports_free: " + number + " is outside 1-65535");
        } else {
          ports.add(number);
        }
      } catch (IllegalArgumentException e) {
        mistakes.add(e.getMessage());
      }
    }
    Optional<Long> clockWithin = Optional.empty();
    if (arguments.get(CLOCK) != null) {
      try {
        long seconds = Values.integer(arguments.get(CLOCK), CLOCK);
        if (seconds < 0) {
          mistakes.add(CLOCK + ": " + seconds + " is not a number of seconds");
        } else {
          clockWithin = Optional.of(seconds);
        }
      } catch (IllegalArgumentException e) {
        mistakes.add(e.getMessage());
      }
    }
    return new PreflightChecks(paths(arguments, "paths_exist", mistakes), paths(arguments, "paths_absent", mistakes),
        paths(arguments, "writable", mistakes), List.copyOf(space), List.copyOf(commands), List.copyOf(ports),
        arguments.get("address") == null ? "" : String.valueOf(arguments.get("address")).strip(),
        DatabaseLogin.read(call, mistakes), clockWithin, List.copyOf(mistakes));
  }

  private static List<RemotePath> paths(Map<String, Object> arguments, String key, List<String> mistakes) {
    List<RemotePath> paths = new ArrayList<>();
    for (Object path : Values.list(arguments.get(key))) {
      try {
        paths.add(RemoteScript.path(String.valueOf(path), key));
      } catch (BadArgument e) {
        mistakes.add(e.getMessage());
      }
    }
    return List.copyOf(paths);
  }

  int count() {
    return exist.size() + absent.size() + writable.size() + space.size() + commands.size() + ports.size()
        + (login.isPresent() ? 1 : 0) + (clockWithin.isPresent() ? 1 : 0);
  }

  private String script() {
    StringBuilder script = new StringBuilder(FUNCTIONS);
    if (clockWithin.isPresent()) {
      // First, so the reading falls early in the window this machine measures around the script.
      script.append("echo \"clock $(date +%s)\"\n");
    }
    List<RemotePath> both = new ArrayList<>(exist);
    both.addAll(absent);
    for (int i = 0; i < both.size(); i++) {
      script.append("exists ").append(i).append(' ').append(RemoteScript.quote(both.get(i))).append('\n');
    }
    for (int i = 0; i < writable.size(); i++) {
      script.append("writable ").append(i).append(' ').append(RemoteScript.quote(writable.get(i))).append('\n');
    }
    for (int i = 0; i < space.size(); i++) {
      script.append("free ").append(i).append(' ').append(RemoteScript.quote(space.get(i).path())).append('\n');
    }
    for (int i = 0; i < commands.size(); i++) {
      script.append("found ").append(i).append(' ').append(Shell.quote(commands.get(i))).append('\n');
    }
    if (!ports.isEmpty()) {
      script.append("listening\n");
    }
    login.ifPresent(check -> script.append(check.scriptLine()));
    return script.toString();
  }

  /** The one script that gathers every fact, carrying the database password on its input when there is one. */
  Command command() {
    Command command = Command.of(script());
    return login.map(check -> check.carriedBy(command)).orElse(command);
  }

  /**
   * The task's result from what the script printed on {@code node}, read between {@code before}
   * and {@code after} on this machine's clock: every problem, one per line, or all checks passed.
   */
  ModuleResult result(String node, CommandResult ran, long before, long after) {
    Map<String, List<String>> facts = RemoteScript.facts(ran.stdout());
    List<String> problems = new ArrayList<>(problems(facts, ran));
    clockWithin.flatMap(limit -> clockProblem(node, limit, before, after, facts.get("clock"), ran))
        .ifPresent(problems::add);
    ModuleResult answer = new ModuleResult(false, false,
        problems.isEmpty() ? "all " + count() + " checks passed" : String.join("\n", problems),
        Map.of("checks", count(), "problems", problems), List.of());
    return problems.isEmpty() ? answer : answer.asFailed(answer.message());
  }

  private List<String> problems(Map<String, List<String>> lines, CommandResult result) {
    Map<String, Map<String, String>> facts = indexed(lines);
    List<String> problems = new ArrayList<>();
    Map<String, String> exists = facts.getOrDefault("exists", Map.of());
    for (int i = 0; i < exist.size() + absent.size(); i++) {
      boolean wanted = i < exist.size();
      RemotePath path = wanted ? exist.get(i) : absent.get(i - exist.size());
      String seen = exists.get(String.valueOf(i));
      if (seen == null) {
        problems.add("could not check whether " + path + " exists, " + RemoteScript.failure(result));
      } else if (wanted && seen.equals("no")) {
        problems.add(path + " does not exist");
      } else if (!wanted && seen.equals("yes")) {
        problems.add(path + " exists, and must not");
      }
    }
    Map<String, String> writes = facts.getOrDefault("writable", Map.of());
    for (int i = 0; i < writable.size(); i++) {
      String seen = writes.getOrDefault(String.valueOf(i), "unknown");
      RemotePath path = writable.get(i);
      if (seen.equals("readonly")) {
        problems.add(path + " is not writable");
      } else if (seen.equals("notdir")) {
        problems.add(path + " exists and is not a directory");
      } else if (seen.startsWith("ancestor ")) {
        problems.add(path + " cannot be created: " + seen.substring(9) + ", its nearest existing parent, is not a"
            + " writable directory");
      } else if (!seen.equals("ok")) {
        problems.add("could not check whether " + path + " is writable, " + RemoteScript.failure(result));
      }
    }
    Map<String, String> free = facts.getOrDefault("free", Map.of());
    for (int i = 0; i < space.size(); i++) {
      FreeSpace wanted = space.get(i);
      String[] seen = free.getOrDefault(String.valueOf(i), "- ?").split(" ", 2);
      String at = seen.length > 1 && !seen[1].equals(wanted.path().value()) ? " (its nearest existing parent "
          + seen[1] + ")" : "";
      if (!seen[0].matches("\\d+")) {
        problems.add("could not read the free space at " + wanted.path() + at);
      } else if (Long.parseLong(seen[0]) * 1024 < wanted.bytes()) {
        problems.add("needs " + RemoteScript.size(wanted.bytes()) + " free at " + wanted.path() + at + ", has "
            + RemoteScript.size(Long.parseLong(seen[0]) * 1024));
      }
    }
    Map<String, String> found = facts.getOrDefault("command", Map.of());
    for (int i = 0; i < commands.size(); i++) {
      if (!found.getOrDefault(String.valueOf(i), "no").equals("yes")) {
        problems.add("command '" + commands.get(i) + "' not found");
      }
    }
    if (!ports.isEmpty()) {
      problems.addAll(portProblems(lines.get("listening"), result));
    }
    login.flatMap(check -> check.problem(lines, result)).ifPresent(problems::add);
    return List.copyOf(problems);
  }

  private List<String> portProblems(List<String> seen, CommandResult result) {
    if (seen == null) {
      return List.of("could not check ports " + ports + ", " + RemoteScript.failure(result));
    }
    if (seen.get(0).equals("unknown")) {
      return List.of("cannot check ports " + ports + ": /proc/net/tcp is not readable");
    }
    List<String> listening = List.of(seen.get(0).strip().split(" +"));
    List<String> problems = new ArrayList<>();
    for (int port : ports) {
      String hexPort = String.format(Locale.ROOT, "%04X", port);
      List<String> holders = listening.stream().filter(l -> l.endsWith(":" + hexPort))
          .map(l -> l.substring(0, l.length() - 5)).filter(this::coversAddress).toList();
      if (!holders.isEmpty()) {
        problems.add("port " + port + " is in use: something listens on it"
            + (address.isEmpty() ? "" : " (on " + address + " or on every address)"));
      }
    }
    return problems;
  }

  /** How /proc/net/tcp6 writes ::ffff:0:0/96, in its four host-order words, before the IPv4 address. */
  private static final String IPV4_MAPPED = "0000000000000000FFFF0000";

  /**
   * Whether a listener on {@code hex} (as /proc/net/tcp or tcp6 writes it) takes the port from {@code
   * address}: a listener on every address does; one on another address does not — several
   * hosts of a sandbox share one kernel, each on its own address. Without {@code address} any
   * listener counts.
   */
  private boolean coversAddress(String hex) {
    if (hex.length() == 32 && hex.toUpperCase(Locale.ROOT).startsWith(IPV4_MAPPED)) {
      // Java's sockets are IPv6 sockets: one bound to an IPv4 address shows in tcp6 as ::ffff:a.b.c.d.
      hex = hex.substring(IPV4_MAPPED.length());
    }
    if (address.isEmpty() || hex.chars().allMatch(c -> c == '0')) {
      return true;
    }
    if (!address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      return true;
    }
    String[] parts = address.split("\\.");
    StringBuilder littleEndian = new StringBuilder();
    for (int i = 3; i >= 0; i--) {
      littleEndian.append(String.format(Locale.ROOT, "%02X", Integer.parseInt(parts[i])));
    }
    return hex.equalsIgnoreCase(littleEndian.toString());
  }

  /**
   * How far the node's clock, read once between {@code before} and {@code after} on this
   * machine's, is outside that window by more than {@code limit} seconds, if it is.
   */
  private static Optional<String> clockProblem(String node, long limit, long before, long after, List<String> seen,
      CommandResult result) {
    if (seen == null || !seen.get(0).strip().matches("\\d+")) {
      return Optional.of("could not read " + node + "'s clock, " + RemoteScript.failure(result));
    }
    long nodeMillis = Long.parseLong(seen.get(0).strip()) * 1000;
    // date +%s drops the fraction: the node's second may have begun up to 1 s before the reading.
    long ahead = nodeMillis - after;
    long behind = before - (nodeMillis + 999);
    long off = Math.max(ahead, behind);
    if (off <= limit * 1000) {
      return Optional.empty();
    }
    return Optional.of(node + "'s clock is " + (off / 1000) + " s " + (ahead > 0 ? "ahead of" : "behind")
        + " this machine's (at most " + limit + " s may be): synchronise it (NTP) first; cluster nodes that"
        + " disagree on the time misbehave");
  }

  /** Facts of the form {@code kind index rest}, as kind, then index, then the rest. */
  private static Map<String, Map<String, String>> indexed(Map<String, List<String>> facts) {
    Map<String, Map<String, String>> byIndex = new HashMap<>();
    facts.forEach((kind, values) -> values.forEach(value -> {
      String[] parts = value.split(" ", 2);
      byIndex.computeIfAbsent(kind, k -> new HashMap<>()).put(parts[0], parts.length > 1 ? parts[1] : "");
    }));
    return byIndex;
  }

  record FreeSpace(RemotePath path, long bytes) {}
}
