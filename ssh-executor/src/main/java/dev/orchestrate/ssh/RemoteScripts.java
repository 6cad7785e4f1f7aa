package dev.orchestrate.ssh;

import static dev.orchestrate.core.transport.Shell.quote;

import dev.orchestrate.core.topology.SshSettings;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell the transport speaks on a host: how a command is wrapped for {@code sudo}, how secrets
 * reach its environment without touching its command line, how the persistent shell frames each
 * command, and how a command that overstays its timeout is stopped. Everything here is POSIX
 * {@code sh}; every value is {@link dev.orchestrate.core.transport.Shell#quote quoted}.
 */
final class RemoteScripts {
  /** The first line a session prints on stderr: the process id of the shell that runs the command. */
  private static final Pattern PID_LINE = Pattern.compile("^orchestrate-pid: ([0-9]+)$");
  private static final Pattern SUDO_MISSING = Pattern.compile("sudo: (command )?not found|sudo: No such file");

  private RemoteScripts() {}

  /** {@code line} as the host's login user, or through {@code sudo -n} (which never asks for a password). */
  static String as(SshSettings.Become become, String line) {
    return become == SshSettings.Become.SUDO ? "sudo -n " + line : line;
  }

  /**
   * A session that runs {@code script}: it prints its process id on stderr, reads each secret as
   * one base64 line from stdin into an exported variable (so no secret is ever an argument that
   * {@code ps} shows), then replaces itself with {@code sh -c script}, whose stdin is the rest.
   */
  static String session(SshSettings.Become become, String script, Collection<String> secretNames) {
    StringBuilder prologue = new StringBuilder("printf 'orchestrate-pid: %s\\n' \"$$\" >&2; ");
    for (String name : secretNames) {
      prologue.append("IFS= read -r orchestrate_secret && ")
          .append(name).append("=$(printf %s \"$orchestrate_secret\" | base64 -d) && export ")
          .append(name).append(" || exit 97; ");
    }
    prologue.append("unset orchestrate_secret; exec sh -c \"$1\"");
    return as(become, "sh -c " + quote(prologue.toString()) + " orchestrate " + quote(script));
  }

  /**
   * The persistent shell's start: defines how each command is started (in a process group of its
   * own when {@code setsid} exists, so a timeout can stop all of it) and announces itself with
   * {@code ready} and its process id.
   */
  static String shellStart(String ready) {
    return "if command -v setsid >/dev/null 2>&1; then orchestrate_run() { setsid \"$@\"; }; "
        + "else orchestrate_run() { \"$@\"; }; fi; printf '%s %s\\n' " + quote(ready) + " \"$$\"\n";
  }

  /**
   * One command for the persistent shell: run {@code script} with no input, then mark the end of
   * stdout with {@code marker} and the exit status, and the end of stderr with {@code marker}.
   * The line break before each marker keeps it at the start of a line whatever the output was.
   */
  static String shellCommand(String script, String marker) {
    return "orchestrate_run sh -c " + quote(script) + " orchestrate </dev/null; "
        + "printf '\\n%s %d\\n' " + quote(marker) + " \"$?\"; printf '\\n%s\\n' " + quote(marker) + " >&2\n";
  }

  /** Stops process {@code pid} and the process group it runs in: TERM, a grace period, then KILL. */
  static String stopProcessGroup(long pid, int graceSeconds) {
    return stop(Long.toString(pid), graceSeconds);
  }

  /**
   * Stops every command the persistent shell {@code shellPid} has started (its children, found in
   * /proc so that no procps is needed), with their process groups.
   */
  static String stopChildrenOf(long shellPid, int graceSeconds) {
    return "for s in /proc/[0-9]*/stat; do read -r p c st pp rest < \"$s\" 2>/dev/null || continue; "
        + "[ \"$pp\" = " + shellPid + " ] || continue; " + stop("$p", graceSeconds) + "; done; true";
  }

  /**
   * TERM to the process group of {@code pid} (a shell word), read from /proc: every session of
   * sshd, and every command of the sandbox and of the persistent shell, has a group of its own, so
   * the command's children go too. Never the group of this stop script itself, nor group 0 or 1;
   * then the process alone. KILL after the grace period. Written {@code kill -TERM -PGID}: dash's
   * kill refuses the {@code --} form.
   */
  private static String stop(String pid, int graceSeconds) {
    return "{ o=$(cat /proc/$$/stat); o=${o##*) }; set -- $o; mine=$3; "
        + "t=$(cat /proc/" + pid + "/stat 2>/dev/null) && { t=${t##*) }; set -- $t; g=$3; "
        + "if [ \"$g\" -gt 1 ] && [ \"$g\" != \"$mine\" ]; then kill -TERM -$g 2>/dev/null; else kill -TERM "
        + pid + " 2>/dev/null; fi; "
        + "i=0; while [ $i -lt " + graceSeconds + " ] && kill -0 " + pid + " 2>/dev/null; do sleep 1; i=$((i+1)); done; "
        + "if [ \"$g\" -gt 1 ] && [ \"$g\" != \"$mine\" ]; then kill -KILL -$g 2>/dev/null; else kill -KILL "
        + pid + " 2>/dev/null; fi; }; true; }";
  }

  /** Whether stderr says sudo wanted a password (or a terminal to ask for one). */
  static boolean sudoWantsPassword(String stderr) {
    return stderr.contains("sudo: a password is required") || stderr.contains("sudo: a terminal is required");
  }

  /** Whether stderr says there is no sudo to run. */
  static boolean sudoMissing(String stderr) {
    return SUDO_MISSING.matcher(stderr).find();
  }

  /** The process id from a session's first stderr line, or -1. */
  static long pid(String firstStderrLine) {
    Matcher m = PID_LINE.matcher(firstStderrLine);
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }
}
