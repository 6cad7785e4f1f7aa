package dev.orchestrate.cli;

import dev.orchestrate.core.ExitCode;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code orchestrate completion}: the shell completion script, written by picocli from the commands
 * as they are now, so it cannot fall behind a new option. One script serves both shells: sourced
 * in zsh, it loads zsh's bashcompinit itself.
 */
@Command(
    name = "completion",
    description = {
        "Prints the script that completes orchestrate's commands and options in bash or zsh, made from the commands"
            + " themselves (the same script for both shells: in zsh it loads bashcompinit itself).",
        "Save it where bash-completion finds it, or source it from ~/.bashrc or ~/.zshrc."},
    footerHeading = "%nExamples:%n",
    footer = {"  orchestrate completion bash > /etc/bash_completion.d/orchestrate",
        "  echo 'source <(orchestrate completion zsh)' >> ~/.zshrc"})
final class CompletionCommand implements Callable<Integer> {
  /** The shells the script is written for. */
  enum Shell { bash, zsh }

  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
  private Shell shell;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(script(spec.root().commandLine()));
    spec.commandLine().getOut().flush();
    return ExitCode.OK.code();
  }

  static String script(picocli.CommandLine root) {
    return AutoComplete.bash(root.getCommandName(), root);
  }
}
