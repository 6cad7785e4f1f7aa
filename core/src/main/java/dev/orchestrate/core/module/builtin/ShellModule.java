package dev.orchestrate.core.module.builtin;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.transport.Shell;
import java.util.Set;

/**
 * Ansible's {@code shell}: runs the text in {@code /bin/sh -c} (or {@code executable -c}), so
 * pipes, redirections and variables work. Always {@code changed} when it runs; failed when the
 * exit status is not 0.
 */
public final class ShellModule implements Module {
  private static final String DEFAULT_SHELL = "/bin/sh";

  @Override
  public String name() {
    return "shell";
  }

  @Override
  public Set<String> arguments() {
    return Set.of(ModuleCall.FREE_FORM, "cmd", "chdir", "creates", "removes", "executable", "stdin",
        "stdin_add_newline", "strip_empty_ends");
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
      if (text.isBlank()) {
        return ModuleResult.failed("no command given").with("rc", 256);
      }
      String shell = CommandExecution.option(call, freeForm, "executable").orElse(DEFAULT_SHELL);
      String body = "exec " + Shell.quote(shell) + " -c " + Shell.quote(text);
      return CommandExecution.execute(call, CommandExecution.request(call, freeForm, text, body));
    } catch (ModuleFailure failure) {
      return failure.result();
    }
  }
}
