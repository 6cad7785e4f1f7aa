package dev.orchestrate.cli;

import picocli.CommandLine.Option;

/** {@code --attachments-mb}, for the commands that start a sandbox (demo, sandbox). */
final class AttachmentsOption {
  @Option(names = "--attachments-mb", paramLabel = "M", defaultValue = "20",
      description = "Size of the attachments on the Server node (host 1), in MB (default: ${DEFAULT-VALUE}).")
  private int megabytes;

  int megabytes() {
    return megabytes;
  }
}
