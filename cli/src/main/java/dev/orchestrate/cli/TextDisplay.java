package dev.orchestrate.cli;

import dev.orchestrate.core.run.Display;

/** How a person watches a walk in text: what {@code apply}, {@code rollback} and {@code run} show. */
final class TextDisplay {
  private TextDisplay() {}

  /** On a terminal, the live view; elsewhere (a CI log), a line per task and node with the time it was printed. */
  static Display terminalOrLog() {
    return (human, nodes) -> System.console() != null ? new LiveView(human, nodes) : new ConsoleReport(human, true);
  }

  /** A line per task and node, as Ansible prints them. */
  static Display lines() {
    return (out, nodes) -> new ConsoleReport(out);
  }
}
