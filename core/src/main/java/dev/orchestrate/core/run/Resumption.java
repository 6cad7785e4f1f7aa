package dev.orchestrate.core.run;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.journal.ClusterState;
import dev.orchestrate.core.journal.JournalReader.PastRun;
import dev.orchestrate.core.journal.JournalReader;
import dev.orchestrate.core.journal.RunChain;
import dev.orchestrate.core.transport.Transport;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether an apply finishes the cluster's last run rather than starting a new one: it does when
 * that run was cut off, or failed after changing something, and cluster.yaml is the same. A
 * failed run that changed nothing (a preflight that refused) is not resumed: the new run reads
 * the facts again, so a check that failed is made afresh; {@code note} then says why it is a new run.
 *
 * @param run the run to finish, if any
 * @param note what a person is told when the last run failed and is not finished
 */
record Resumption(Optional<PastRun> run, Optional<String> note) {
  /** A new run, with nothing to say about the last one. */
  static final Resumption NONE = new Resumption(Optional.empty(), Optional.empty());

  Resumption {
    requireNonNull(run, "run");
    requireNonNull(note, "note");
  }

  /** Reads the cluster's last run and its chain, and decides. */
  static Resumption of(Path file, String digest, Transport transport, ClusterState state) {
    Optional<PastRun> last = JournalReader.last(transport, state);
    if (last.isEmpty() || last.get().succeeded()) {
      return NONE;
    }
    return decide(file, digest, last.get(), RunChain.read(transport, state));
  }

  /**
   * Decides for {@code last}, a run that did not succeed, given the cluster's chain now.
   *
   * @throws OrchestrateException (exit 4) while a rollback is left half done, or when a cut-off run
   *     was compiled from another cluster.yaml than {@code file}
   */
  static Resumption decide(Path file, String digest, PastRun last, List<String> chain) {
    boolean sameFile = digest.equals(last.header().get("topology_digest"));
    if (last.command().equals("rollback")) {
      if (chain.isEmpty()) {
        return NONE;
      }
      throw new OrchestrateException(ExitCode.INVALID_INPUT, "rollback " + last.run() + " on this cluster did not finish,"
          + " so the hosts are between two states. Finish it first: orchestrate rollback " + file + " --yes; or, to"
          + " keep the hosts as they are now and apply from there: orchestrate rollback " + file + " --mark-good");
    }
    if (!chain.contains(last.run())) {
      // Marked good as it is: what it left is the new starting point.
      return NONE;
    }
    if (last.isUnfinished() && !sameFile) {
      throw new OrchestrateException(ExitCode.INVALID_INPUT, "run " + last.run() + " on this cluster was cut off, and "
          + file + " has changed since it started; apply the cluster.yaml it started with to finish it"
          + " (or roll it back), then apply the new one");
    }
    if (last.isUnfinished() || sameFile && last.mayHaveChanged()) {
      return new Resumption(Optional.of(last), Optional.empty());
    }
    return new Resumption(Optional.empty(), Optional.of("Run " + last.run() + " failed" + (sameFile
        ? " before changing anything" : " and " + file + " has changed since")
        + ": this apply is a new run, after it in the chain that rollback undoes."));
  }

  /** What a person is told before a resumed run's plan: what is skipped and what runs again. */
  static String resuming(PastRun past) {
    return "Resuming run " + past.run() + ", which " + (past.isUnfinished() ? "was cut off" : "failed") + ": "
        + past.done().size() + " task(s) done are skipped"
        + (past.interrupted().isEmpty() ? "" : "; " + String.join(", ", past.interrupted())
        + " started and is checked again") + "; the others run now.";
  }
}
