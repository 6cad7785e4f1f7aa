package dev.orchestrate.core.module.builtin;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.template.PythonRegex;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.OutputListener;
import dev.orchestrate.core.transport.Shell;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's {@code wait_for}, run on the host as one polling POSIX {@code sh} script, so a wait
 * costs one command however long it lasts. It waits for a port to open ({@code started}) or close
 * ({@code stopped}), for a file to appear ({@code present}), optionally holding {@code
 * search_regex}, or to go ({@code absent}: the file gone, or with {@code search_regex}, the
 * pattern no longer in it); with neither port nor path it sleeps {@code timeout} seconds.
 *
 * <p>A port is probed with {@code nc -z} when the host's nc has it, else with curl's {@code
 * telnet://} (connected when curl reports a connect time), else with bash's {@code /dev/tcp}
 * under {@code timeout}. A file's pattern is searched by {@code grep -P} (Perl syntax, closest to
 * Python's), or {@code grep -E} where there is no -P, line by line. {@code drained} is not
 * supported. Never changes anything; fails at the deadline with what it saw last.
 */
public final class WaitForModule implements Module {
  private static final List<String> STATES = List.of("started", "present", "stopped", "absent");

  @Override
  public String name() {
    return "wait_for";
  }

  /** It checks before it changes, so running it again after a dropped connection is safe. */
  @Override
  public boolean safeToRerun() {
    return true;
  }

  @Override
  public Set<String> arguments() {
    return Set.of("host", "port", "path", "search_regex", "state", "delay", "timeout", "sleep",
        "connect_timeout", "msg");
  }

  @Override
  public ModuleResult execute(ModuleCall call) {
    try {
      if ("drained".equals(call.string("state"))) {
        return ModuleResult.failed("state: drained is not supported; wait for the port to be stopped instead");
      }
      Wait wait = new Wait(call.string("host", "127.0.0.1"), Optional.ofNullable(call.arguments().get("port"))
          .map(port -> Arguments.integer(call, "port", 0)), Arguments.optional(call, "path"),
          Arguments.optional(call, "search_regex"), Arguments.choice(call, "state", "started", STATES),
          Arguments.seconds(call, "delay", 0), Arguments.seconds(call, "timeout", 300),
          Arguments.seconds(call, "sleep", 1), Math.max(1, Arguments.integer(call, "connect_timeout", 5)));
      if (wait.port().isPresent() && wait.path().isPresent()) {
        return ModuleResult.failed("port and path parameter can not both be passed to wait_for");
      }
      if (wait.path().isPresent() && wait.state().equals("stopped")) {
        return ModuleResult.failed("state=stopped should only be used for checking a port in the wait_for module");
      }
      Optional<PythonRegex> pattern = wait.searchRegex().map(regex -> PythonRegex.compile(regex, Pattern.MULTILINE));
      return finish(call, wait, pattern, call.run(command(call, wait)));
    } catch (ModuleFailure failure) {
      return failure.result();
    } catch (PythonRegex.Invalid invalid) {
      return ModuleResult.failed(invalid.getMessage());
    }
  }

  /** What to wait for, with every default written down. */
  private record Wait(String host, Optional<Integer> port, Optional<String> path, Optional<String> searchRegex,
      String state, double delay, double timeout, double sleep, int connectTimeout) {
    boolean toAppear() {
      return state.equals("started") || state.equals("present");
    }

    String subject() {
      return port.map(p -> host + ":" + p).orElseGet(() -> path.orElse(""));
    }
  }

  private static Command command(ModuleCall call, Wait wait) {
    long limit = (long) Math.ceil(wait.delay() + wait.timeout()) + 2L * wait.connectTimeout() + 60;
    OutputListener listener = (stream, line) -> {
      if (stream == OutputListener.Stream.STDOUT && line.startsWith("observed ")) {
        call.progress("waiting for " + wait.subject() + ": " + line.substring("observed ".length()));
      }
    };
    return Command.of(WaitScript.of(wait)).withTimeout(Duration.ofSeconds(limit)).withListener(listener);
  }

  private static ModuleResult finish(ModuleCall call, Wait wait, Optional<PythonRegex> pattern, CommandResult result) {
    Map<String, Object> fields = new LinkedHashMap<>();
    String outcome = "";
    String observed = "";
    String matchedLine = null;
    for (String line : result.stdout().lines().toList()) {
      if (line.startsWith("observed ")) {
        observed = line.substring("observed ".length());
      } else if (line.startsWith("match ")) {
        matchedLine = line.substring("match ".length());
      } else if (line.startsWith("done ") || line.startsWith("timeout ") || line.startsWith("error ")) {
        outcome = line;
      }
    }
    if (outcome.startsWith("error ") || outcome.isEmpty()) {
      String why = outcome.isEmpty() ? String.join(" ", result.lastLines(3)) : outcome.substring("error ".length());
      return ModuleResult.failed("could not wait for " + wait.subject() + ": " + why);
    }
    fields.put("elapsed", Long.parseLong(outcome.substring(outcome.indexOf(' ') + 1).strip()));
    wait.port().ifPresent(port -> fields.put("port", port));
    wait.path().ifPresent(path -> fields.put("path", path));
    wait.searchRegex().ifPresent(regex -> fields.put("search_regex", regex));
    fields.put("state", wait.state());
    fields.put("match_groups", List.of());
    fields.put("match_groupdict", Map.of());
    if (matchedLine != null && pattern.isPresent()) {
      Matcher match = pattern.get().matcher(matchedLine);
      if (match.find()) {
        fields.put("match_groups", PythonRegex.groups(match));
        fields.put("match_groupdict", pattern.get().groupDict(match));
      }
    }
    if (outcome.startsWith("done ")) {
      return ModuleResult.ok("").withFields(fields);
    }
    String message = call.string("msg");
    if (message == null) {
      message = timeoutMessage(wait) + (observed.isEmpty() ? "" : " (last seen: " + observed + ")");
    }
    return ModuleResult.failed(message).withFields(fields);
  }

  /** Ansible's words for each kind of timeout. */
  private static String timeoutMessage(Wait wait) {
    if (!wait.toAppear()) {
      return wait.port().isPresent()
          ? "Timeout when waiting for " + wait.subject() + " to stop."
          : "Timeout when waiting for " + wait.subject() + " to be absent.";
    }
    if (wait.searchRegex().isPresent()) {
      return "Timeout when waiting for search string " + wait.searchRegex().get() + " in " + wait.subject();
    }
    return wait.port().isPresent()
        ? "Timeout when waiting for " + wait.subject()
        : "Timeout when waiting for file " + wait.subject();
  }

  /**
   * The polling script; it prints {@code observed ...} when what it sees changes, then one {@code
   * done}, {@code timeout} or {@code error} line.
   */
  private static final class WaitScript {
    private WaitScript() {}

    static String of(Wait wait) {
      StringBuilder script = new StringBuilder();
      script.append("t=$(date +%s%N 2>/dev/null)\n")
          .append("case $t in *N*|'') now() { echo $(( $(date +%s) * 1000 )); } ;;")
          .append(" *) now() { t=$(date +%s%N); echo \"${t%??????}\"; } ;; esac\n")
          .append("pause() { sleep \"$1\" 2>/dev/null || sleep 1; }\n")
          .append("start=$(now)\n");
      if (wait.delay() > 0) {
        script.append("pause ").append(seconds(wait.delay())).append('\n');
      }
      if (wait.port().isEmpty() && wait.path().isEmpty()) {
        return script.append("pause ").append(seconds(wait.timeout())).append('\n')
            .append("echo \"done $(( ($(now) - start) / 1000 ))\"\n").toString();
      }
      script.append("deadline=$((start + ").append(Math.round(wait.timeout() * 1000)).append("))\n")
          .append("last=''\n")
          .append("see() { if [ \"$1\" != \"$last\" ]; then last=$1; printf 'observed %s\\n' \"$1\"; fi; }\n");
      wait.searchRegex().ifPresent(regex -> script.append("re=").append(Shell.quote(regex)).append('\n')
          .append("if printf 'a1\\n' | grep -q -P 'a\\d' 2>/dev/null; then rx=-P; else rx=-E; fi\n"));
      if (wait.port().isPresent()) {
        script.append("host=").append(Shell.quote(wait.host())).append("; port=").append(wait.port().get())
            .append("; ct=").append(wait.connectTimeout()).append('\n')
            .append(PROBES)
            .append(wait.toAppear() ? (wait.searchRegex().isPresent() ? PORT_SEARCH : PORT_OPEN) : PORT_CLOSED);
      } else {
        script.append("p=").append(Shell.quote(wait.path().get())).append('\n')
            .append(wait.toAppear() ? (wait.searchRegex().isPresent() ? FILE_SEARCH : FILE_PRESENT)
                : (wait.searchRegex().isPresent() ? FILE_WITHOUT : FILE_ABSENT));
      }
      return script.append("while :; do\n")
          .append("  if check; then echo \"done $(( ($(now) - start) / 1000 ))\"; exit 0; fi\n")
          .append("  n=$(now); if [ \"$n\" -ge \"$deadline\" ]; then")
          .append(" echo \"timeout $(( (n - start) / 1000 ))\"; exit 0; fi\n")
          .append("  pause ").append(seconds(wait.sleep())).append('\n')
          .append("done\n").toString();
    }

    private static String seconds(double value) {
      return value == Math.rint(value)
          ? Long.toString((long) value) : String.format(java.util.Locale.ROOT, "%.3f", value);
    }

    /** Defines {@code probe} (is the port open?) and {@code banner} (what it sends) with the host's best tool. */
    private static final String PROBES = ""
        + "if command -v nc >/dev/null 2>&1 && nc -h 2>&1 | grep -q -e '-z'; then\n"
        + "  probe() { nc -z -w \"$ct\" \"$host\" \"$port\" >/dev/null 2>&1 </dev/null; }\n"
        + "  banner() { nc -w \"$ct\" \"$host\" \"$port\" </dev/null 2>/dev/null; }\n"
        + "elif command -v curl >/dev/null 2>&1 && curl -V 2>/dev/null | grep -q telnet; then\n"
        + "  probe() { c=$(curl -s -o /dev/null -w '%{time_connect}' --connect-timeout 1 --max-time 1"
        + " \"telnet://$host:$port\" </dev/null 2>/dev/null); case $c in *[1-9]*) return 0 ;; esac; return 1; }\n"
        + "  banner() { curl -s --max-time \"$ct\" \"telnet://$host:$port\" </dev/null 2>/dev/null; }\n"
        + "elif command -v bash >/dev/null 2>&1; then\n"
        + "  if command -v timeout >/dev/null 2>&1; then limit=\"timeout $ct\"; else limit=''; fi\n"
        + "  probe() { $limit bash -c 'exec 3<>\"/dev/tcp/$0/$1\"' \"$host\" \"$port\" 2>/dev/null; }\n"
        + "  banner() { $limit bash -c 'exec 3<>\"/dev/tcp/$0/$1\" && cat <&3' \"$host\" \"$port\" 2>/dev/null; }\n"
        + "else\n"
        + "  echo 'error the host has none of nc (with -z), curl (with telnet) or bash to test a port with'; exit 0\n"
        + "fi\n";

    private static final String PORT_OPEN =
        "check() { if probe; then return 0; fi; see 'connection refused or timed out'; return 1; }\n";
    private static final String PORT_CLOSED =
        "check() { if probe; then see 'the port accepts connections'; return 1; fi; return 0; }\n";
    private static final String PORT_SEARCH = "check() {\n"
        + "  if ! probe; then see 'connection refused or timed out'; return 1; fi\n"
        + "  data=$(banner)\n"
        + "  if printf '%s\\n' \"$data\" | grep -q $rx -e \"$re\" 2>/dev/null; then\n"
        + "    printf 'match %s\\n' \"$(printf '%s\\n' \"$data\" | grep $rx -e \"$re\" | head -n 1)\"; return 0; fi\n"
        + "  see 'connected, but the pattern was not in what the port sent'; return 1\n"
        + "}\n";
    private static final String FILE_PRESENT =
        "check() { if [ -e \"$p\" ]; then return 0; fi; see 'the file does not exist'; return 1; }\n";
    private static final String FILE_SEARCH = "check() {\n"
        + "  if [ ! -e \"$p\" ]; then see 'the file does not exist'; return 1; fi\n"
        + "  if grep -q $rx -e \"$re\" -- \"$p\" 2>/dev/null; then\n"
        + "    printf 'match %s\\n' \"$(grep $rx -e \"$re\" -- \"$p\" | head -n 1)\"; return 0; fi\n"
        + "  see 'the file exists, but the pattern is not in it'; return 1\n"
        + "}\n";
    private static final String FILE_ABSENT =
        "check() { if [ -e \"$p\" ]; then see 'the file exists'; return 1; fi; return 0; }\n";
    private static final String FILE_WITHOUT = "check() {\n"
        + "  if [ -e \"$p\" ] && grep -q $rx -e \"$re\" -- \"$p\" 2>/dev/null; then"
        + " see 'the pattern is in the file'; return 1; fi\n"
        + "  return 0\n"
        + "}\n";
  }
}
