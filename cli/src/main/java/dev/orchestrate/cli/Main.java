package dev.orchestrate.cli;

/** The {@code orchestrate} process: runs one command and exits with its {@link dev.orchestrate.core.ExitCode}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(Cli.commandLine().execute(args));
  }
}
