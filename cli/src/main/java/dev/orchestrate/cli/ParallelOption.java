package dev.orchestrate.cli;

import picocli.CommandLine.Option;

/** {@code --parallel}, for the commands that walk a task graph. */
final class ParallelOption {
  @Option(names = "--parallel", paramLabel = "N", defaultValue = "10",
      description = "At most N tasks at once (default: ${DEFAULT-VALUE}).")
  private int tasks;

  int tasks() {
    return tasks;
  }
}
