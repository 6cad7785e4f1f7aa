package dev.orchestrate.core.module.confluence;

import static dev.orchestrate.core.module.confluence.RemoteScript.quote;

import com.google.common.hash.Hashing;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.confluence.RemoteScript.BadArgument;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Shell;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Confluence node as {@code confluence_service} reaches it: where it is installed and answers,
 * how it is controlled and how long to wait, with the scripts that read, control and watch it and
 * the reading of what they print. Building a script or reading its output touches no host.
 */
record ConfluenceNode(RemotePath install, RemotePath localHome, String statusUrl, boolean systemd, String unit,
    long timeout) {
  private static final long START_SECONDS = 600;
  private static final long STOP_SECONDS = 180;
  /** Beyond a poll's own deadline: one last request (2 s) and a slow login shell. */
  private static final Duration COMMAND_MARGIN = Duration.ofSeconds(30);
  /** The control scripts return quickly, but stop-confluence.sh waits up to 20 s before it kills. */
  private static final Duration CONTROL_TIMEOUT = Duration.ofMinutes(2);
  private static final int LOG_LINES = 20;
  /** What the probe prints as the state: one from /status, or "-" or "?" (see observe). */
  private static final Pattern SEEN_STATE = Pattern.compile("-|\\?|[A-Za-z_]+");
  private static final Pattern SEEN_PROCESS = Pattern.compile("[0-9]+ (alive|gone)");

  /**
   * {@code alive PID}: whether the process lives. A zombie has ended (its parent may not have
   * reaped it yet), and kill -0 answers yes for it and no for another user's living process, so
   * /proc is read where there is one.
   */
  private static final String ALIVE_FUNCTION = """
      alive() {
        [ -n "$1" ] || return 1
        if [ -d /proc/self ]; then
          s=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
          [ -n "$s" ] && [ "$s" != Z ] && [ "$s" != X ]
        else
          # kill -0 fails for another user's process that lives: ps tells.
          kill -0 "$1" 2>/dev/null || ps -p "$1" >/dev/null 2>&1
        fi
      }
      """;

  /**
   * Sets {@code state} to the JSON state {@code $url} answers, {@code -} when the connection is
   * refused (the port is closed), {@code ?} when something answers without a state, or the name
   * cannot be resolved, which proves nothing closed. curl, else GNU wget, else the script ends
   * with status 4; certificates are not checked, since nothing is sent but the question and a
   * node's own certificate is often private. {@code tomcat} prints the first process started
   * with {@code -Dcatalina.base} or {@code -Dcatalina.home} at the install dir, for a node with
   * no PID file.
   */
  private static final String OBSERVE_FUNCTION = """
      if ! command -v curl >/dev/null 2>&1 && ! command -v wget >/dev/null 2>&1; then
        echo "neither curl nor wget is installed here: orchestrate reads $url with one of them" >&2; exit 4
      fi
      observe() {
        if command -v curl >/dev/null 2>&1; then
          body=$(curl -s -k -m 2 "$url" 2>/dev/null); rc=$?
          case $rc in 0) ;; 7) rc=1 ;; *) rc=2 ;; esac
        else
          body=$(wget -q -T 2 -t 1 --no-check-certificate --content-on-error -O - "$url" 2>/dev/null); rc=$?
          case $rc in 0|8) rc=0 ;; 4) rc=1 ;; *) rc=2 ;; esac
        fi
        case $rc in
          1) state=- ;;
          2) state='?' ;;
          *) state=$(printf '%s' "$body" | tr -d '\\r\\n' \\
               | sed -n 's/.*"state"[[:space:]]*:[[:space:]]*"\\([A-Za-z_]*\\)".*/\\1/p')
             [ -n "$state" ] || state='?' ;;
        esac
      }
      tomcat() {
        processes=$(ps -eo pid=,args= 2>/dev/null) || return 1
        printf '%s\n' "$processes" | base="-Dcatalina.base=$install " home="-Dcatalina.home=$install " awk '
          { line = $0 " " } index(line, ENVIRON["base"]) || index(line, ENVIRON["home"]) { print $1; exit }'
      }
      pause() { sleep 0.05 2>/dev/null || sleep 1; }
      """;

  /**
   * The loop of a stop's watch, {@code %d} its seconds; {@code report} runs before it ends. A stop
   * script launched beside it ({@code $out}) that could not be run at all ends it at once.
   */
  private static final String STOP_LOOP = """
      begin=$(date +%%s); end=$((begin + %d)); last=
      while :; do
        if [ -n "${out:-}" ] && [ -s "$out.rc" ]; then case $(cat "$out.rc") in 126|127) report; exit 6 ;; esac; fi
        observe
        if alive "$pid"; then process=alive; else process=gone; fi
        if [ "$state $process" != "$last" ]; then
          echo "state $state $(( $(date +%%s) - begin )) $process $pid"; last="$state $process"
        fi
        if [ "$state" = - ] && [ "$process" = gone ]; then report stopped; exit 0; fi
        [ "$(date +%%s)" -lt "$end" ] || { report; exit 3; }
        pause
      done
      """;

  static ConfluenceNode of(ModuleCall call) {
    String url = RemoteScript.required(call, "status_url");
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new BadArgument("status_url must be an http:// or https:// address, such as"
          + " http://10.0.0.11:8090/status, not '" + url + "'");
    }
    String control = call.string("control", "scripts");
    if (!control.equals("scripts") && !control.equals("systemd")) {
      throw new BadArgument("control must be scripts or systemd, not '" + control + "'");
    }
    Object timeout = call.arguments().get("timeout");
    return new ConfluenceNode(RemoteScript.path(call, "install_dir"), RemoteScript.path(call, "local_home"), url,
        control.equals("systemd"), call.string("unit", "confluence.service"),
        timeout == null ? 0 : RemoteScript.seconds(timeout, "timeout"));
  }

  long startSeconds() {
    return timeout > 0 ? timeout : START_SECONDS;
  }

  long stopSeconds() {
    return timeout > 0 ? timeout : STOP_SECONDS;
  }

  RemotePath pidFile() {
    return install.resolve("work/catalina.pid");
  }

  RemotePath log() {
    return localHome.resolve("logs/atlassian-confluence.log");
  }

  /**
   * One look at the node: its /status state, and its process, by the PID file or, without one,
   * among all processes. It ends with {@code end}, so that output cut short is seen as such.
   */
  Command probe() {
    return Command.of(functions() + """
        pid=$(head -n 1 %s 2>/dev/null | tr -dc 0-9)
        observe
        echo "status $state"
        if [ -n "$pid" ]; then
          if alive "$pid"; then echo "process $pid alive"; else echo "process $pid gone"; fi
        else
          found=$(tomcat) || { echo "cannot list processes (ps -eo pid=,args=)" >&2; exit 5; }
          [ -z "$found" ] || echo "process $found alive"
        fi
        echo end
        """.formatted(quote(pidFile())));
  }

  /**
   * What the probe saw on {@code node}. Only a probe that ran to its {@code end} counts: a refused
   * sudo or a broken shell prints nothing, and nothing must never read as "stopped".
   *
   * @throws Unobservable naming the node and what the probe said
   */
  Observation observation(String node, CommandResult seen) {
    if (!seen.succeeded()) {
      throw unobservable(node, "the probe ended with " + RemoteScript.failure(seen));
    }
    Map<String, List<String>> facts = RemoteScript.facts(seen.stdout());
    String state = RemoteScript.fact(facts, "status", "");
    String process = RemoteScript.fact(facts, "process", "");
    if (!facts.containsKey("end") || !SEEN_STATE.matcher(state).matches()
        || !(process.isEmpty() || SEEN_PROCESS.matcher(process).matches())) {
      throw unobservable(node, "the probe printed what it never prints: "
          + (seen.stdout().isBlank() ? "nothing" : "'" + String.join(" / ", seen.lastLines(5)) + "'"));
    }
    String[] pid = process.isEmpty() ? new String[] {"", "gone"} : process.split(" ");
    return new Observation(state, pid[0], pid[1].equals("alive"));
  }

  private Unobservable unobservable(String node, String why) {
    return new Unobservable("cannot tell whether Confluence runs on " + node + ": " + why + "\nNothing was "
        + "done. Its login user must be able to run sh there (with become: sudo, sudo -n without a password), read "
        + pidFile() + ", and run ps and curl or wget.");
  }

  /**
   * Runs the start or stop script, or systemctl, with no input. Its output goes through a file:
   * what it launches may inherit the streams and hold them open long after the script ends. A
   * start script first waits for a stop script {@link #stopAndWatch} left finishing, whose last
   * step removes the PID file the start is about to write.
   */
  Command control(String action) {
    String command = systemd ? Shell.command("systemctl", action, unit)
        : quote(install.resolve("bin/" + action + "-confluence.sh"));
    String waitForStop = systemd || !action.equals("start") ? "" : ALIVE_FUNCTION + """
        if [ -d %1$s ]; then
          stopping=$(head -n 1 %1$s/pid 2>/dev/null | tr -dc 0-9)
          # The script's process removes the folder as it ends. A stop script gives up after 20 s; a
          # folder its process never removed (killed with the session) may name a PID reused since,
          # which is waited for no longer than a minute.
          until=$(( $(date +%%s) + 60 ))
          while [ -d %1$s ] && alive "$stopping" && [ "$(date +%%s)" -lt "$until" ]; do
            sleep 0.05 2>/dev/null || sleep 1
          done
          rm -rf %1$s
        fi
        """.formatted(Shell.quote(stopMarker()));
    return Command.of(waitForStop + """
        out=$(mktemp "${TMPDIR:-/tmp}/orchestrate-service.XXXXXX") || exit 125
        %s </dev/null >"$out" 2>&1; rc=$?
        cat "$out"; rm -f "$out"; exit $rc
        """.formatted(command)).withTimeout(CONTROL_TIMEOUT);
  }

  /**
   * The folder where {@link #stopAndWatch} notes the process of the stop script it left running,
   * one per install dir. Not inside the installation, which is copied to new nodes right after a
   * stop; in /tmp, made with mkdir, which never follows a link someone else put there first.
   */
  String stopMarker() {
    return "/tmp/orchestrate-stopping-" + Hashing.sha256().hashString(install.value(), StandardCharsets.UTF_8)
        .toString().substring(0, 16);
  }

  String describeControl(String action) {
    return systemd ? "systemctl " + action + " " + unit : action + "-confluence.sh";
  }

  /**
   * Polls twenty times a second, printing each change of state, until RUNNING (status 0), ERROR
   * (2) or the start's deadline (3).
   */
  Command watchStart() {
    return watch(functions() + """
        begin=$(date +%%s); end=$((begin + %d)); last=
        while :; do
          observe
          if [ "$state" != "$last" ]; then echo "state $state $(( $(date +%%s) - begin ))"; last=$state; fi
          case $state in RUNNING) exit 0 ;; ERROR) exit 2 ;; esac
          [ "$(date +%%s)" -lt "$end" ] || exit 3
          pause
        done
        """.formatted(startSeconds()), startSeconds());
  }

  /**
   * Polls twenty times a second, printing each change of state and of process {@code pid} (or,
   * when empty, the PID file's), until no answer and no process (status 0) or the stop's deadline
   * (3). For a stop already sent (systemctl stop, which returns once the unit has stopped).
   */
  Command watchStop(String pid) {
    return watch(functions() + watchedPid(pid) + "report() { :; }\n" + STOP_LOOP.formatted(stopSeconds()),
        stopSeconds());
  }

  /**
   * The stop script and its watch at once, for a node its scripts control. Tomcat's stop script
   * (and the simulator's) looks at its process once a second, so it returns up to a second after
   * the process has gone; the watch polls twenty times a second and ends as soon as the port is
   * closed and the process gone, printing what {@link #watchStop} prints. It then does what the
   * stop script does last, removing the PID file (if it still names that process), and leaves the
   * script to finish on its own, its process noted in {@link #stopMarker} for a start to wait for;
   * where that note cannot be made, it waits for the script. Last, it prints {@code
   * control-status} (the script's status, or {@code running}) and the script's output as {@code
   * control-output} lines; status 6 when the script could not be run.
   */
  Command stopAndWatch(String pid) {
    String stop = quote(install.resolve("bin/stop-confluence.sh"));
    return watch(functions() + watchedPid(pid) + """
        marker=%1$s
        if mkdir "$marker" 2>/dev/null; then detach=yes; else detach=; fi
        out=$(mktemp "${TMPDIR:-/tmp}/orchestrate-service.XXXXXX") || { [ -z "$detach" ] || rm -rf "$marker"; exit 125; }
        ( %2$s </dev/null >"$out" 2>&1; echo $? >"$out.rc"; [ -z "$detach" ] || rm -rf "$marker"
          [ ! -e "$out.left" ] || rm -f "$out" "$out.rc" "$out.left" ) </dev/null >/dev/null 2>&1 &
        job=$!
        [ -z "$detach" ] || { echo "$job" >"$marker/pid"; } 2>/dev/null
        report() {
          if [ "$1" = stopped ] && [ ! -s "$out.rc" ]; then
            if [ -n "$detach" ]; then
              # What the stop script does last once its process has gone: the PID file goes.
              [ "$(head -n 1 %3$s 2>/dev/null | tr -dc 0-9)" != "$pid" ] || rm -f %3$s
            else
              wait "$job"
            fi
          fi
          if [ -s "$out.rc" ]; then echo "control-status $(cat "$out.rc")"; else echo "control-status running"; fi
          sed 's/^/control-output /' "$out" 2>/dev/null
          if [ -s "$out.rc" ]; then rm -f "$out" "$out.rc"; else
            : >"$out.left"; [ ! -s "$out.rc" ] || rm -f "$out" "$out.rc" "$out.left"; fi
        }
        """.formatted(Shell.quote(stopMarker()), stop, quote(pidFile())) + STOP_LOOP.formatted(stopSeconds()),
        stopSeconds());
  }

  /** The process a stop watches: {@code pid}, or when empty the one the PID file names. */
  private String watchedPid(String pid) {
    return "pid=" + pid + "\n[ -n \"$pid\" ] || pid=$(head -n 1 " + quote(pidFile()) + " 2>/dev/null | tr -dc 0-9)\n";
  }

  private static Command watch(String script, long seconds) {
    return Command.of(script).withTimeout(Duration.ofSeconds(seconds).plus(COMMAND_MARGIN));
  }

  /** The progress line for one line a watching script printed, if it is a change of state. */
  Optional<String> progress(String line) {
    String[] fields = line.split(" ");
    if (fields.length < 3 || !fields[0].equals("state")) {
      return Optional.empty();
    }
    String process = fields.length >= 5 ? ", process " + fields[4] + " " + fields[3] : "";
    return Optional.of("Confluence: " + describeState(fields[1]) + process + " (" + fields[2] + " s)");
  }

  Command logTail() {
    return Command.of("tail -n " + LOG_LINES + " " + quote(log()) + " 2>/dev/null");
  }

  /** The end of Confluence's log as {@link #logTail} read it, for a failure message. */
  String logTail(CommandResult tail) {
    return tail.stdout().isBlank() ? "\n(" + log() + " is empty or missing)"
        : "\nlast " + LOG_LINES + " lines of " + log() + ":\n" + tail.stdout().stripTrailing();
  }

  String describeState(String state) {
    return switch (state) {
      case "-" -> "no answer on " + statusUrl;
      case "?" -> statusUrl + " answers without a state";
      default -> "/status " + state;
    };
  }

  private String functions() {
    return "url=" + Shell.quote(statusUrl) + "\ninstall=" + quote(install) + "\n" + OBSERVE_FUNCTION + ALIVE_FUNCTION;
  }

  /** What one look at the node showed: its /status state ("-" for no answer) and its process. */
  record Observation(String state, String pid, boolean pidAlive) {
    static final Observation STOPPED = new Observation("-", "", false);

    boolean running() {
      return state.equals("RUNNING");
    }

    boolean stopped() {
      return state.equals("-") && !pidAlive;
    }

    /** Whether some Confluence is there already, serving or not: starting another would collide with it. */
    boolean up() {
      return pidAlive || !state.equals("-");
    }

    /** The node's state for the result's {@code state} field. */
    String summary() {
      return stopped() ? "stopped" : fieldState(state);
    }

    String describe(ConfluenceNode node) {
      String process = pid.isEmpty() ? "no PID file" : "process " + pid + (pidAlive ? " alive" : " gone");
      return node.describeState(state) + ", " + process;
    }
  }

  /** What a watching script printed: its status, and the state it saw last. */
  record Watch(CommandResult result) {
    private static final String CONTROL_STATUS = "control-status ";
    private static final String CONTROL_OUTPUT = "control-output ";

    int status() {
      return result.exitStatus();
    }

    /**
     * The stop script as {@link #stopAndWatch} reported it: its status and output; status 0 with
     * no output while it still runs, or when the watch ended before it began.
     */
    CommandResult control() {
      int status = 0;
      StringBuilder output = new StringBuilder();
      for (String line : result.stdout().lines().toList()) {
        if (line.startsWith(CONTROL_STATUS) && line.substring(CONTROL_STATUS.length()).matches("[0-9]{1,3}")) {
          status = Integer.parseInt(line.substring(CONTROL_STATUS.length()));
        } else if (line.startsWith(CONTROL_OUTPUT)) {
          output.append(line, CONTROL_OUTPUT.length(), line.length()).append('\n');
        }
      }
      return new CommandResult(status, output.toString(), "", false, result.elapsed());
    }

    private List<String> last() {
      List<String> lines = result.stdout().lines().filter(line -> line.startsWith("state ")).toList();
      return lines.isEmpty() ? List.of() : List.of(lines.get(lines.size() - 1).split(" "));
    }

    String lastState() {
      List<String> last = last();
      return last.isEmpty() ? "-" : last.get(1);
    }

    String lastFieldState() {
      return fieldState(lastState());
    }

    String describeLast(ConfluenceNode node) {
      return "last state: " + node.describeState(lastState());
    }

    /** For a stop that timed out: what keeps the node from counting as stopped. */
    String stillHolds(ConfluenceNode node) {
      List<String> last = last();
      StringBuilder holds = new StringBuilder();
      if (last.size() >= 4 && last.get(3).equals("alive")) {
        holds.append("pid ").append(last.size() >= 5 ? last.get(4) : "?").append(" still alive");
      }
      if (!lastState().equals("-")) {
        holds.append(holds.isEmpty() ? "" : "; ").append("port still answers (")
            .append(node.describeState(lastState())).append(")");
      }
      return holds.toString();
    }
  }

  /**
   * A /status state as the result's {@code state} field shows it: {@code running}, the state
   * itself (STARTING, ERROR, ...), {@code no answer} or {@code unknown} (an answer without one).
   */
  static String fieldState(String state) {
    return switch (state) {
      case "RUNNING" -> "running";
      case "-" -> "no answer";
      case "?" -> "unknown";
      default -> state;
    };
  }

  /** A look at the node that proves nothing: the module fails with why, having changed nothing. */
  static final class Unobservable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unobservable(String message) {
      super(message, null, false, false);
    }
  }
}
