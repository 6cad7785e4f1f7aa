package dev.orchestrate.cli;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Builds the picocli command line and the one place where failures become exit codes: a user
 * error prints its message and exits with its code, a usage error exits 4, anything else is a
 * bug and exits 70, with its stack trace only under {@code --verbose}.
 */
public final class Cli {
  private Cli() {}

  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new OrchestrateCommand());
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
