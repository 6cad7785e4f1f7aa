package dev.orchestrate.cli;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ParseResult;

/**
 * Builds the picocli command line and the one place where failures become exit codes: a user
 * error prints its message and exits with its code, a usage error exits 4, anything else is a
 * bug and exits 70, with its stack trace only under {@code --verbose}.
 *
 * <p>A process builds only the command it runs: picocli reads every option of every command it
 * is given by reflection, and for the whole tree that was the larger part of a short command's
 * start-up (benchmarks/README.md). The whole tree is built for what lists or searches the
 * commands: no command, {@code --help} before one, {@code help}, {@code completion},
 * {@code reference}, and a word that names no command (so picocli can suggest the nearest).
 */
public final class Cli {
  /** Every command, in the order the usage lists them. */
  private static final List<Class<?>> COMMANDS = List.of(
      ValidateCommand.class,
      SchemaCommand.class,
      PlanCommand.class,
      ApplyCommand.class,
      RollbackCommand.class,
      StatusCommand.class,
      RunCommand.class,
      DemoCommand.class,
      SandboxCommand.class,
      LbConfigCommand.class,
      CompletionCommand.class,
      ReferenceCommand.class,
      ClassCacheCommand.class,
      HelpCommand.class);
  /** The commands that read the other commands' models. */
  private static final Set<Class<?>> READ_THE_TREE = Set.of(HelpCommand.class, CompletionCommand.class,
      ReferenceCommand.class);

  private Cli() {}

  /** The whole command line, every command included. */
  public static CommandLine commandLine() {
    return build(COMMANDS);
  }

  /** The command line these arguments need: the root, and the one command they run when that is enough. */
  public static CommandLine commandLine(String[] args) {
    return build(needed(args));
  }

  static List<Class<?>> needed(String[] args) {
    boolean version = false;
    for (String arg : args) {
      if (arg.equals("-h") || arg.equals("--help")) {
        return COMMANDS;
      }
      if (arg.equals("-V") || arg.equals("--version")) {
        version = true;
      }
      if (arg.startsWith("-")) {
        continue;
      }
      for (Class<?> command : COMMANDS) {
        if (command.getAnnotation(Command.class).name().equals(arg)) {
          return READ_THE_TREE.contains(command) ? COMMANDS : List.of(command);
        }
      }
      return COMMANDS;
    }
    return version ? List.of() : COMMANDS;
  }

  private static CommandLine build(List<Class<?>> commands) {
    CommandLine commandLine = new CommandLine(new OrchestrateCommand());
    for (Class<?> command : commands) {
      commandLine.addSubcommand(command);
    }
    commandLine.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes());
    commandLine.setExecutionStrategy(Cli::execute);
    commandLine.setParameterExceptionHandler(Cli::usageError);
    commandLine.setExecutionExceptionHandler(Cli::failure);
    return commandLine;
  }

  private static int execute(ParseResult parseResult) {
    if (isVerbose(parseResult)) {
      System.setProperty("orchestrate.log.level", "DEBUG");
    }
    return new CommandLine.RunLast().execute(parseResult);
  }

  private static Map<String, String> exitCodes() {
    Map<String, String> codes = new LinkedHashMap<>();
    Arrays.stream(ExitCode.values()).forEach(c -> codes.put(String.format("%3d", c.code()), c.meaning()));
    return codes;
  }

  private static int usageError(CommandLine.ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    err.println("orchestrate: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for its usage.");
    return ExitCode.INVALID_INPUT.code();
  }

  private static int failure(Exception e, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    boolean verbose = isVerbose(parseResult);
    if (e instanceof OrchestrateException known) {
      err.println(known.getMessage());
      if (verbose && known.getCause() != null) {
        known.printStackTrace(err);
      }
      return known.exitCode().code();
    }
    err.println("orchestrate: internal error: " + e);
    if (verbose) {
      e.printStackTrace(err);
    } else {
      err.println("Run again with --verbose for the stack trace, and report it: this is a bug.");
    }
    return ExitCode.INTERNAL_ERROR.code();
  }

  private static boolean isVerbose(ParseResult parseResult) {
    for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
