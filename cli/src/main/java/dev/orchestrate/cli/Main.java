package dev.orchestrate.cli;

import dev.orchestrate.core.Trace;
import java.io.IOException;
import java.io.PrintStream;

/** The {@code orchestrate} process: runs one command and exits with its {@link dev.orchestrate.core.ExitCode}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws IOException {
    Trace.mark("main");
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      version(System.out);
      System.exit(0);
    }
    int code = Cli.commandLine(args).execute(args);
    Trace.mark("exit " + code);
    System.exit(code);
  }

  /**
   * {@code --version} alone, answered before picocli is loaded: scripts and CI jobs call it to
   * check which orchestrate they have, and picocli's own start costs more than the answer (its
   * classes are too old a format for the class archive). The lines are {@link VersionProvider}'s,
   * as picocli prints them.
   */
  static void version(PrintStream out) throws IOException {
    for (String line : new VersionProvider().getVersion()) {
      out.println(line);
    }
    out.flush();
  }
}
