package dev.orchestrate.cli;

import picocli.CommandLine.Option;

/** {@code --force-unlock}, for the commands that hold the cluster's lock while they change hosts. */
final class LockOption {
  @Option(names = "--force-unlock",
      description = "Take over the cluster's lock from a run on another machine that is gone (it names the holder)."
          + " A run of this machine whose process is gone is taken over without it.")
  private boolean forceUnlock;

  boolean forceUnlock() {
    return forceUnlock;
  }
}
