package dev.orchestrate.cli;

import dev.orchestrate.core.Trace;

/** The {@code orchestrate} process: runs one command and exits with its {@link dev.orchestrate.core.ExitCode}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Trace.mark("main");
    int code = Cli.commandLine(args).execute(args);
    Trace.mark("exit " + code);
    System.exit(code);
  }
}
