package dev.orchestrate.core.module.confluence;

import static dev.orchestrate.core.module.confluence.RemoteScript.quote;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.confluence.RemoteScript.BadArgument;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.OutputListener;
import dev.orchestrate.core.transport.Shell;
import dev.orchestrate.core.undo.ServiceWas;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code confluence_service}: brings a Confluence node to {@code started}, {@code stopped} or
 * {@code restarted}, and returns only once it really is so: RUNNING on its {@code /status}, or
 * its process gone and nothing answering there. A start script returning proves neither.
 *
 * <p>Check: one script reads the JSON state {@code status_url} answers (never the HTTP code,
 * which differs between versions) and whether the PID in {@code work/catalina.pid} still runs.
 * Apply: {@code bin/start-confluence.sh} or {@code bin/stop-confluence.sh} (or {@code systemctl
 * start|stop UNIT} with {@code control: systemd}), then one remote script that polls twenty times a
 * second and prints each change of state as it happens, until the node is where it should be, a
 * start meets {@code ERROR}, or {@code timeout} passes; a failure names the last state seen and
 * ends with the last 20 lines of the node's {@code atlassian-confluence.log}. {@code restarted}
 * stops, then starts, each with its own {@code timeout}. Undo: a {@link ServiceWas}, what the node
 * was before, intended before the start or stop script runs and recorded whenever something was done.
 *
 * <p>A node whose process runs, or that answers, but does not serve yet is waited for, not
 * started twice; one in {@code ERROR} (or {@code STOPPING}) is stopped and started again by {@code
 * started}, since only a restart cures ERROR, and a second ERROR fails the task.
 *
 * <p>Stopped means proven stopped: the PID file's process gone, or no PID file and no process
 * started for the install dir, and the port refusing connections. A check that does not run to
 * its end (sudo refused, a shell error, no curl or wget, no ps) or prints what it never prints
 * fails the task, naming the node and what it said, before anything is done: read as "stopped",
 * it would let a copy or a move run under a live node.
 */
public final class ConfluenceServiceModule implements Module {
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
      tomcat() {
        processes=$(ps -eo pid=,args= 2>/dev/null) || return 1
        printf '%s\n' "$processes" | base="-Dcatalina.base=$install " home="-Dcatalina.home=$install " awk '
          { line = $0 " " } index(line, ENVIRON["base"]) || index(line, ENVIRON["home"]) { print $1; exit }'
      }
      pause() { sleep 0.05 2>/dev/null || sleep 1; }
      """;

  @Override
  public String name() {
    return "confluence_service";
  }

  /** It checks before it changes, so running it again after a dropped connection is safe. */
  @Override
  public boolean safeToRerun() {
    return true;
  }

  @Override
  public Set<String> arguments() {
    return Set.of("state", "install_dir", "local_home", "status_url", "control", "unit", "timeout");
  }

  @Override
  public Set<String> requiredArguments() {
    return Set.of("state", "install_dir", "local_home", "status_url");
  }

  @Override
  public ModuleResult execute(ModuleCall call) {
    Service service;
    String wanted;
    try {
      wanted = RemoteScript.required(call, "state");
      if (!Set.of("started", "stopped", "restarted").contains(wanted)) {
        throw new BadArgument("state must be started, stopped or restarted, not '" + wanted + "'");
      }
      service = Service.of(call);
    } catch (BadArgument e) {
      return ModuleResult.failed(e.getMessage());
    }
    long began = System.nanoTime();
    Observation before;
    try {
      before = service.observe(call);
    } catch (Unobservable e) {
      return ModuleResult.failed(e.getMessage());
    }
    Outcome outcome = switch (wanted) {
      case "started" -> start(call, service, before);
      case "stopped" -> stop(call, service, before);
      default -> restart(call, service, before);
    };
    ModuleResult result = new ModuleResult(outcome.acted(), false, outcome.message(),
        Map.of("state", outcome.state(), "elapsed", RemoteScript.secondsSince(began)),
        outcome.acted() && !call.checkMode() ? List.of(was(before)) : List.of());
    return outcome.ok() ? result : result.asFailed(outcome.message() + service.logTail(call));
  }

  private static Outcome start(ModuleCall call, Service service, Observation before) {
    long began = System.nanoTime();
    if (before.running()) {
      return Outcome.done(false, "Confluence is RUNNING already", "running");
    }
    if (before.state().equals("ERROR") || before.state().equals("STOPPING")) {
      return stopFirst(call, service, before);
    }
    if (call.checkMode()) {
      return Outcome.done(true, "would start Confluence (now: " + before.describe(service) + ")", before.summary());
    }
    if (before.state().equals("?") && !before.pidAlive()) {
      return Outcome.failed(false, service.statusUrl() + " answers, but not as Confluence does, and no process of "
          + service.install() + " runs (" + before.describe(service) + "): another program holds the port; stop it, "
          + "then apply again", "unknown");
    }
    boolean launched = !before.up();
    if (launched) {
      call.intend(was(before));
      CommandResult control = service.control(call, "start");
      if (!control.succeeded()) {
        return Outcome.failed(true, service.describeControl("start") + " failed, " + RemoteScript.failure(control),
            before.summary());
      }
    }
    long seconds = service.timeout(START_SECONDS);
    String script = service.functions() + """
        begin=$(date +%%s); end=$((begin + %d)); last=
        while :; do
          observe
          if [ "$state" != "$last" ]; then echo "state $state $(( $(date +%%s) - begin ))"; last=$state; fi
          case $state in RUNNING) exit 0 ;; ERROR) exit 2 ;; esac
          [ "$(date +%%s)" -lt "$end" ] || exit 3
          pause
        done
        """.formatted(seconds);
    Poll poll = service.poll(call, script, seconds);
    String already = launched ? "" : "Confluence was starting already (" + before.describe(service) + "); ";
    return switch (poll.result().exitStatus()) {
      case 0 -> Outcome.done(launched, already + "Confluence is RUNNING after " + since(began), "running");
      // Only a launch changed anything: a node that was on its way up and failed was only watched.
      case 2 -> Outcome.failed(launched, already + "Confluence went to ERROR " + since(began) + " after the start ("
          + service.statusUrl() + ")", "ERROR");
      case 3 -> Outcome.failed(launched, already + "Confluence did not reach RUNNING within " + seconds + " s; "
          + poll.describeLast(service), poll.lastFieldState());
      default -> Outcome.failed(launched, "cannot watch Confluence start, " + RemoteScript.failure(poll.result()),
          poll.lastFieldState());
    };
  }

  private static Outcome stop(ModuleCall call, Service service, Observation before) {
    long began = System.nanoTime();
    if (before.stopped()) {
      return Outcome.done(false, "Confluence is stopped already", "stopped");
    }
    if (call.checkMode()) {
      return Outcome.done(true, "would stop Confluence (now: " + before.describe(service) + ")", before.summary());
    }
    call.intend(was(before));
    CommandResult control = service.control(call, "stop");
    if (control.exitStatus() == 126 || control.exitStatus() == 127) {
      // The shell could not run the script at all: nothing was asked to stop, so there is nothing to wait for.
      return Outcome.failed(true, service.describeControl("stop") + " could not be run, " + RemoteScript.failure(control)
          + "; Confluence was left as it was (" + before.describe(service) + ")", before.summary());
    }
    long seconds = service.timeout(STOP_SECONDS);
    String script = service.functions() + """
        pid=%s
        [ -n "$pid" ] || pid=$(head -n 1 %s 2>/dev/null | tr -dc 0-9)
        begin=$(date +%%s); end=$((begin + %d)); last=
        while :; do
          observe
          if alive "$pid"; then process=alive; else process=gone; fi
          if [ "$state $process" != "$last" ]; then
            echo "state $state $(( $(date +%%s) - begin )) $process $pid"; last="$state $process"
          fi
          if [ "$state" = - ] && [ "$process" = gone ]; then exit 0; fi
          [ "$(date +%%s)" -lt "$end" ] || exit 3
          pause
        done
        """.formatted(before.pidAlive() ? before.pid() : "", quote(service.pidFile()), seconds);
    Poll poll = service.poll(call, script, seconds);
    String controlNote = control.succeeded() ? ""
        : "; " + service.describeControl("stop") + " failed, " + RemoteScript.failure(control);
    return switch (poll.result().exitStatus()) {
      case 0 -> Outcome.done(true, "Confluence stopped after " + since(began), "stopped");
      case 3 -> Outcome.failed(true, "Confluence did not stop within " + seconds + " s: " + poll.stillHolds(service)
          + controlNote, poll.lastFieldState());
      default -> Outcome.failed(true, "cannot watch Confluence stop, " + RemoteScript.failure(poll.result())
          + controlNote, poll.lastFieldState());
    };
  }

  /**
   * {@code started} on a node in ERROR, or STOPPING: only a restart cures ERROR, and asking for the
   * node to be started again is how an admin who fixed the cause says so; a node on its way down
   * must be down before it can come up. It is stopped (proven stopped), then started and watched
   * like any start; going to ERROR again fails the task with the log's end, so a cause not fixed
   * is never restarted in a loop.
   */
  private static Outcome stopFirst(ModuleCall call, Service service, Observation before) {
    String found = "Confluence was " + (before.state().equals("ERROR") ? "in ERROR" : "STOPPING") + " ("
        + before.describe(service) + ")";
    if (call.checkMode()) {
      return Outcome.done(true, found + "; would stop it and start it again", "ERROR");
    }
    Outcome stopped = stop(call, service, before);
    if (!stopped.ok()) {
      return new Outcome(false, true, found + "; stopping it to start it again: " + stopped.message(), stopped.state());
    }
    Outcome started = start(call, service, Observation.STOPPED);
    return new Outcome(started.ok(), true, found + ", so it was stopped and started again: " + stopped.message()
        + "; " + started.message(), started.state());
  }

  /**
   * The undo record: what the node was before this task acted on it, intended before it acts. A
   * node that is up but neither RUNNING nor in ERROR (STARTING, FIRST_RUN, STOPPING, a process
   * not answering yet) was on its way to serving, and counts as starting.
   */
  private static ServiceWas was(Observation before) {
    if (before.running()) {
      return new ServiceWas(ServiceWas.State.RUNNING);
    }
    if (before.state().equals("ERROR")) {
      return new ServiceWas(ServiceWas.State.ERROR);
    }
    return new ServiceWas(before.stopped() ? ServiceWas.State.STOPPED : ServiceWas.State.STARTING);
  }

  private static String since(long began) {
    return String.format(Locale.ROOT, "%.1f s", RemoteScript.secondsSince(began));
  }

  private static Outcome restart(ModuleCall call, Service service, Observation before) {
    if (call.checkMode()) {
      return Outcome.done(true, "would restart Confluence (now: " + before.describe(service) + ")", before.summary());
    }
    Outcome stopped = stop(call, service, before);
    if (!stopped.ok()) {
      return new Outcome(false, true, "restart: " + stopped.message(), stopped.state());
    }
    Outcome started = start(call, service, Observation.STOPPED);
    return new Outcome(started.ok(), true, "restarted: " + stopped.message() + "; " + started.message(),
        started.state());
  }

  /**
   * A /status state as the result's {@code state} field shows it: {@code running}, the state
   * itself (STARTING, ERROR, ...), {@code no answer} or {@code unknown} (an answer without one).
   */
  private static String fieldState(String state) {
    return switch (state) {
      case "RUNNING" -> "running";
      case "-" -> "no answer";
      case "?" -> "unknown";
      default -> state;
    };
  }

  /** A look at the node that proves nothing: the module fails with why, having changed nothing. */
  private static final class Unobservable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unobservable(String message) {
      super(message, null, false, false);
    }
  }

  /** How one state change went: whether it succeeded, whether anything was done, and the state at the end. */
  private record Outcome(boolean ok, boolean acted, String message, String state) {
    static Outcome done(boolean acted, String message, String state) {
      return new Outcome(true, acted, message, state);
    }

    static Outcome failed(boolean acted, String message, String state) {
      return new Outcome(false, acted, message, state);
    }
  }

  /** What one look at the node showed: its /status state ("-" for no answer) and its process. */
  private record Observation(String state, String pid, boolean pidAlive) {
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

    String describe(Service service) {
      String process = pid.isEmpty() ? "no PID file" : "process " + pid + (pidAlive ? " alive" : " gone");
      return Poll.describeState(state, service) + ", " + process;
    }
  }

  /** What a polling script printed: its status, and the state it saw last. */
  private record Poll(CommandResult result) {
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

    String describeLast(Service service) {
      return "last state: " + describeState(lastState(), service);
    }

    /** For a stop that timed out: what keeps the node from counting as stopped. */
    String stillHolds(Service service) {
      List<String> last = last();
      StringBuilder holds = new StringBuilder();
      if (last.size() >= 4 && last.get(3).equals("alive")) {
        holds.append("pid ").append(last.size() >= 5 ? last.get(4) : "?").append(" still alive");
      }
      if (!lastState().equals("-")) {
        holds.append(holds.isEmpty() ? "" : "; ").append("port still answers (")
            .append(describeState(lastState(), service)).append(")");
      }
      return holds.toString();
    }

    static String describeState(String state, Service service) {
      return switch (state) {
        case "-" -> "no answer on " + service.statusUrl();
        case "?" -> service.statusUrl() + " answers without a state";
        default -> "/status " + state;
      };
    }
  }

  private record Service(RemotePath install, RemotePath localHome, String statusUrl, boolean systemd, String unit,
      long timeout) {
    static Service of(ModuleCall call) {
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
      return new Service(RemoteScript.path(call, "install_dir"), RemoteScript.path(call, "local_home"), url,
          control.equals("systemd"), call.string("unit", "confluence.service"),
          timeout == null ? 0 : RemoteScript.seconds(timeout, "timeout"));
    }

    long timeout(long fallback) {
      return timeout > 0 ? timeout : fallback;
    }

    RemotePath pidFile() {
      return install.resolve("work/catalina.pid");
    }

    RemotePath log() {
      return localHome.resolve("logs/atlassian-confluence.log");
    }

    String functions() {
      return "url=" + Shell.quote(statusUrl) + "\ninstall=" + quote(install) + "\n" + OBSERVE_FUNCTION;
    }

    /**
     * One look at the node: its /status state, and its process, by the PID file or, without one,
     * among all processes. Only a probe that ran to its {@code end} counts: a refused sudo or a
     * broken shell prints nothing, and nothing must never read as "stopped".
     *
     * @throws Unobservable naming the node and what the probe said
     */
    Observation observe(ModuleCall call) {
      CommandResult seen = call.run(Command.of(functions() + """
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
          """.formatted(quote(pidFile()))));
      if (!seen.succeeded()) {
        throw unobservable(call, "the probe ended with " + RemoteScript.failure(seen));
      }
      Map<String, List<String>> facts = RemoteScript.facts(seen.stdout());
      String state = RemoteScript.fact(facts, "status", "");
      String process = RemoteScript.fact(facts, "process", "");
      if (!facts.containsKey("end") || !SEEN_STATE.matcher(state).matches()
          || !(process.isEmpty() || SEEN_PROCESS.matcher(process).matches())) {
        throw unobservable(call, "the probe printed what it never prints: "
            + (seen.stdout().isBlank() ? "nothing" : "'" + String.join(" / ", seen.lastLines(5)) + "'"));
      }
      String[] pid = process.isEmpty() ? new String[] {"", "gone"} : process.split(" ");
      return new Observation(state, pid[0], pid[1].equals("alive"));
    }

    private Unobservable unobservable(ModuleCall call, String why) {
      return new Unobservable("cannot tell whether Confluence runs on " + call.node() + ": " + why + "\nNothing was "
          + "done. Its login user must be able to run sh there (with become: sudo, sudo -n without a password), read "
          + pidFile() + ", and run ps and curl or wget.");
    }

    /**
     * Runs the start or stop script, or systemctl, with no input. Its output goes through a file:
     * what it launches may inherit the streams and hold them open long after the script ends.
     */
    CommandResult control(ModuleCall call, String action) {
      String command = systemd ? Shell.command("systemctl", action, unit)
          : quote(install.resolve("bin/" + action + "-confluence.sh"));
      return call.run(Command.of("""
          out=$(mktemp "${TMPDIR:-/tmp}/orchestrate-service.XXXXXX") || exit 125
          %s </dev/null >"$out" 2>&1; rc=$?
          cat "$out"; rm -f "$out"; exit $rc
          """.formatted(command)).withTimeout(CONTROL_TIMEOUT));
    }

    String describeControl(String action) {
      return systemd ? "systemctl " + action + " " + unit : action + "-confluence.sh";
    }

    Poll poll(ModuleCall call, String script, long seconds) {
      OutputListener progress = (stream, line) -> {
        String[] fields = line.split(" ");
        if (stream == OutputListener.Stream.STDOUT && fields.length >= 3 && fields[0].equals("state")) {
          String process = fields.length >= 5 ? ", process " + fields[4] + " " + fields[3] : "";
          call.progress("Confluence: " + Poll.describeState(fields[1], this) + process + " (" + fields[2] + " s)");
        }
      };
      return new Poll(call.run(Command.of(script).withListener(progress)
          .withTimeout(Duration.ofSeconds(seconds).plus(COMMAND_MARGIN))));
    }

    /** The end of Confluence's log, for a failure message. */
    String logTail(ModuleCall call) {
      CommandResult tail = call.run(Command.of("tail -n " + LOG_LINES + " " + quote(log()) + " 2>/dev/null"));
      return tail.stdout().isBlank() ? "\n(" + log() + " is empty or missing)"
          : "\nlast " + LOG_LINES + " lines of " + log() + ":\n" + tail.stdout().stripTrailing();
    }
  }
}
