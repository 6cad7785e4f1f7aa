package dev.orchestrate.cli;

import dev.orchestrate.core.ExitCode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Spec;

/**
 * {@code orchestrate reference}: the command reference page, docs/commands.md, printed from the
 * commands' own definitions, so the page and {@code --help} cannot disagree (a test compares
 * them). Hidden from the usage: it is how the page is made, not something to run a cluster with.
 */
@Command(
    name = "reference",
    hidden = true,
    description = "Prints the command reference (docs/commands.md) from the commands' own definitions.",
    footerHeading = "%nExample:%n",
    footer = "  orchestrate reference > docs/commands.md")
final class ReferenceCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(markdown(spec.parent().commandLine()));
    spec.commandLine().getOut().flush();
    return ExitCode.OK.code();
  }

  static String markdown(CommandLine root) {
    // One width wherever it runs, so the synopses do not follow the terminal's.
    root.setUsageHelpAutoWidth(false);
    root.setUsageHelpWidth(100);
    StringBuilder out = new StringBuilder("# Command reference\n\n");
    out.append("Every command of `orchestrate`, its options and an example, as `--help` shows them (this page is"
        + " printed by `orchestrate reference`, and a test fails when it differs). Options every command takes:"
        + " `--help` (`-h`), `--version` (`-V`), `--verbose` (`-v`).\n\n");
    for (Map.Entry<String, CommandLine> entry : root.getSubcommands().entrySet()) {
      CommandSpec command = entry.getValue().getCommandSpec();
      if (command.usageMessage().hidden() || entry.getKey().equals("help")) {
        continue;
      }
      command(out, entry.getValue());
    }
    out.append("## Exit codes\n\nThe same for every command:\n\n| code | meaning |\n|---|---|\n");
    for (ExitCode code : ExitCode.values()) {
      out.append("| ").append(code.code()).append(" | ").append(cell(code.meaning())).append(" |\n");
    }
    return out.toString();
  }

  private static void command(StringBuilder out, CommandLine line) {
    CommandSpec command = line.getCommandSpec();
    out.append("## `").append(command.qualifiedName()).append("`\n\n");
    out.append("```\n").append(line.getHelp().synopsis(0).strip()).append("\n```\n\n");
    for (String paragraph : command.usageMessage().description()) {
      out.append(paragraph.startsWith("  ") ? "    " + paragraph.strip() : paragraph).append("\n\n");
    }
    List<ArgSpec> arguments = new java.util.ArrayList<>();
    command.positionalParameters().stream().filter(p -> !p.hidden()).forEach(arguments::add);
    command.options().stream().filter(o -> !o.hidden() && !o.inherited() && !isStandard(o)).forEach(arguments::add);
    if (!arguments.isEmpty()) {
      out.append("| argument or option | what it does |\n|---|---|\n");
      for (ArgSpec argument : arguments) {
        out.append("| `").append(name(argument)).append("` | ")
            .append(cell(String.join(" ", line.getHelp().colorScheme().text(String.join(" ", argument.description()))
                .plainString().lines().toList())))
            .append(" |\n");
      }
      out.append('\n');
    }
    for (Map.Entry<String, CommandLine> sub : line.getSubcommands().entrySet()) {
      if (!sub.getValue().getCommandSpec().usageMessage().hidden() && !sub.getKey().equals("help")) {
        command(out, sub.getValue());
      }
    }
    String[] footer = command.usageMessage().footer();
    if (footer.length > 0) {
      out.append("Example").append(footer.length > 1 ? "s" : "").append(":\n\n```\n");
      for (String example : footer) {
        out.append(example.strip()).append('\n');
      }
      out.append("```\n\n");
    }
  }

  private static boolean isStandard(OptionSpec option) {
    return option.usageHelp() || option.versionHelp() || List.of(option.names()).contains("--verbose");
  }

  private static String name(ArgSpec argument) {
    if (argument instanceof PositionalParamSpec parameter) {
      return parameter.paramLabel();
    }
    OptionSpec option = (OptionSpec) argument;
    String names = String.join(", ", option.names());
    return option.typeInfo().isBoolean() ? names : names + " " + option.paramLabel();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
