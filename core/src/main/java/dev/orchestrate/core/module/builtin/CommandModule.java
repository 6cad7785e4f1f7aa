package dev.orchestrate.core.module.builtin;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.transport.Shell;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Ansible's {@code command}: runs a program with arguments and no shell. The text is split into
 * words as Python's {@code shlex} splits it; each word reaches the program exactly, except that
 * {@code $NAME} and a leading {@code ~} expand on the host as Ansible's {@code
 * expand_argument_vars} (on by default) does. Always {@code changed} when it runs; failed when
 * the exit status is not 0.
 */
public final class CommandModule implements Module {
  @Override
  public String name() {
    return "command";
  }

  @Override
  public Set<String> arguments() {
    return Set.of(ModuleCall.FREE_FORM, "cmd", "argv", "chdir", "creates", "removes", "stdin", "stdin_add_newline",
        "strip_empty_ends", "expand_argument_vars");
  }

  @Override
  public boolean acceptsFreeForm() {
    return true;
  }

  @Override
  public ModuleResult execute(ModuleCall call) {
    try {
      FreeForm freeForm = FreeForm.parse(call.string(ModuleCall.FREE_FORM, ""));
      String text = Arguments.optional(call, "cmd").orElse(freeForm.text());
      List<Object> argv = Arguments.list(call, "argv");
      if (!text.isBlank() && !argv.isEmpty()) {
        return ModuleResult.failed("only command or argv can be given, not both").with("rc", 256);
      }
      List<String> words = text.isBlank() ? argv.stream().map(String::valueOf).toList() : Shlex.split(text);
      if (words.isEmpty()) {
        return ModuleResult.failed("no command given").with("rc", 256);
      }
      UnaryOperator<String> word =
          Arguments.flag(call, "expand_argument_vars", true) ? HostWords::expanded : Shell::quote;
      // exec makes every word an argument: a first word such as NAME=value is not an assignment.
      String body = "exec " + words.stream().map(word).collect(Collectors.joining(" "));
      return CommandExecution.execute(call, CommandExecution.request(call, freeForm, words, body));
    } catch (ModuleFailure failure) {
      return failure.result();
    }
  }
}
