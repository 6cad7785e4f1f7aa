package dev.orchestrate.core.module.builtin;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.value.Values;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code command} and {@code shell} share: {@code chdir}, the {@code creates}/{@code
 * removes} guard, check mode, and Ansible's result fields ({@code rc}, {@code stdout}, {@code
 * stdout_lines}, {@code start}, {@code end}, {@code delta}, ...).
 */
final class CommandExecution {
  /**
   * Ansible puts no limit on a command; a task's own {@code timeout} is the executor's to
   * enforce. This only keeps a lost command from holding a run forever.
   */
  static final Duration RUN_LIMIT = Duration.ofHours(24);
  private static final int CHDIR_FAILED = 3;

  /**
   * @param cmd what {@code cmd} reports: the words for {@code command}, the text for {@code shell}
   * @param body the script that runs the command, without {@code chdir}
   */
  record Request(Object cmd, String body, Optional<String> chdir, Optional<String> creates, Optional<String> removes,
      Optional<String> stdin, boolean addNewline, boolean stripEmptyEnds) {
    Request {
      requireNonNull(cmd, "cmd");
      requireNonNull(body, "body");
      requireNonNull(chdir, "chdir");
      requireNonNull(creates, "creates");
      requireNonNull(removes, "removes");
      requireNonNull(stdin, "stdin");
    }
  }

  private CommandExecution() {}

  /** The options both modules take, from their arguments and, where absent there, from the free-form text. */
  static Request request(ModuleCall call, FreeForm freeForm, Object cmd, String body) {
    return new Request(cmd, body, option(call, freeForm, "chdir"), option(call, freeForm, "creates"),
        option(call, freeForm, "removes"), option(call, freeForm, "stdin"),
        Values.truthy(option(call, freeForm, "stdin_add_newline").orElse("true")),
        Values.truthy(option(call, freeForm, "strip_empty_ends").orElse("true")));
  }

  static Optional<String> option(ModuleCall call, FreeForm freeForm, String key) {
    return Arguments.optional(call, key).or(() -> Optional.ofNullable(freeForm.options().get(key)));
  }

  static ModuleResult execute(ModuleCall call, Request request) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("cmd", request.cmd());
    Optional<String> skip = guard(call, request);
    String would = call.checkMode() ? "Would" : "Did";
    if (skip.isPresent()) {
      boolean created = skip.get().equals("creates");
      String path = created ? request.creates().orElseThrow() : request.removes().orElseThrow();
      String stdout = created ? "skipped, since " + path + " exists" : "skipped, since " + path + " does not exist";
      String message = would + " not run command since '" + path + "'" + (created ? " exists" : " does not exist");
      fields.putAll(output(0, stdout, ""));
      return new ModuleResult(false, false, message, fields, List.of());
    }
    if (call.checkMode()) {
      fields.putAll(output(0, "", ""));
      if (request.creates().isEmpty() && request.removes().isEmpty()) {
        fields.put("skipped", true);
        return new ModuleResult(false, false, "skipped, running in check mode", fields, List.of());
      }
      return new ModuleResult(true, false, "Command would have run if not in check mode", fields, List.of());
    }
    Command command = Command.of(withChdir(request)).withTimeout(RUN_LIMIT);
    if (request.stdin().isPresent()) {
      String input = Arguments.revealed(call, request.stdin().get()) + (request.addNewline() ? "\n" : "");
      command = command.withStdin(input.getBytes(StandardCharsets.UTF_8));
    }
    LocalDateTime start = LocalDateTime.now();
    CommandResult result = call.run(command);
    LocalDateTime end = LocalDateTime.now();
    String stdout = request.stripEmptyEnds() ? stripLineEnds(result.stdout()) : result.stdout();
    String stderr = request.stripEmptyEnds() ? stripLineEnds(result.stderr()) : result.stderr();
    fields.putAll(output(result.exitStatus(), stdout, stderr));
    fields.put("start", PythonTime.timestamp(start));
    fields.put("end", PythonTime.timestamp(end));
    fields.put("delta", PythonTime.delta(Duration.between(start, end)));
    boolean failed = result.exitStatus() != 0;
    return new ModuleResult(true, failed, failed ? "non-zero return code" : "", fields, List.of());
  }

  /**
   * Runs {@code chdir} and the {@code creates}/{@code removes} test on the host; says which of
   * them skips the command.
   */
  private static Optional<String> guard(ModuleCall call, Request request) {
    if (request.chdir().isEmpty() && request.creates().isEmpty() && request.removes().isEmpty()) {
      return Optional.empty();
    }
    StringBuilder script = new StringBuilder();
    request.chdir().ifPresent(dir -> script.append("cd ").append(HostWords.expanded(dir)).append(" || exit ")
        .append(CHDIR_FAILED).append('\n'));
    script.append("found() { for f in \"$@\"; do if [ -e \"$f\" ] || [ -L \"$f\" ]; then return 0; fi; done;")
        .append(" return 1; }\n");
    request.creates().ifPresent(pattern -> script.append("if found ").append(HostWords.pattern(pattern))
        .append("; then echo creates; exit 0; fi\n"));
    request.removes().ifPresent(pattern -> script.append("if ! found ").append(HostWords.pattern(pattern))
        .append("; then echo removes; exit 0; fi\n"));
    script.append("echo run\n");
    CommandResult result = call.run(Command.of(script.toString()));
    if (result.exitStatus() == CHDIR_FAILED) {
      throw new ModuleFailure("Unable to change directory before execution: " + String.join(" ", result.lastLines(1)),
          Map.of("rc", 1, "cmd", request.cmd()));
    }
    String answer = result.stdout().strip();
    if (!result.succeeded() || !List.of("creates", "removes", "run").contains(answer)) {
      throw new ModuleFailure("could not test creates/removes on the host: " + String.join(" ", result.lastLines(3)));
    }
    return answer.equals("run") ? Optional.empty() : Optional.of(answer);
  }

  private static String withChdir(Request request) {
    return request.chdir().map(dir -> "cd " + HostWords.expanded(dir) + " || exit 1\n").orElse("") + request.body();
  }

  private static Map<String, Object> output(int rc, String stdout, String stderr) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("rc", rc);
    fields.put("stdout", stdout);
    fields.put("stderr", stderr);
    fields.put("stdout_lines", stdout.lines().toList());
    fields.put("stderr_lines", stderr.lines().toList());
    return fields;
  }

  /** Python's {@code rstrip('\r\n')}. */
  private static String stripLineEnds(String text) {
    int end = text.length();
    while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return text.substring(0, end);
  }
}
