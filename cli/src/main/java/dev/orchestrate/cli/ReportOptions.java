package dev.orchestrate.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How a run that walks a task graph (apply, rollback) reports: {@code --output} and {@code --junit}. */
final class ReportOptions {
  /** What the run prints as it goes. */
  enum Format { text, json }

  @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
      description = "text, or json: one JSON object per event, then a summary (default: ${DEFAULT-VALUE}).")
  private Format output;

  @Option(names = "--junit", paramLabel = "FILE", description = "Write a JUnit XML report: one test case per task and node.")
  private Path junit;

  boolean json() {
    return output == Format.json;
  }

  Optional<Path> junit() {
    return Optional.ofNullable(junit);
  }
}
