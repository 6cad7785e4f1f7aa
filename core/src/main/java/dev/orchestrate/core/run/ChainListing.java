package dev.orchestrate.core.run;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.journal.ClusterState;
import dev.orchestrate.core.journal.JournalReader;
import dev.orchestrate.core.journal.RunChain;
import dev.orchestrate.core.journal.RunRecap;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.transport.Transport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code rollback --list}: the runs a rollback would undo, read-only and without the lock, so it
 * can be run while another run holds it. It creates nothing on a cluster that has no state yet.
 */
final class ChainListing {
  private ChainListing() {}

  static ExitCode print(Path file, Topology topology, Transport transport, PrintWriter out) {
    Hosts.connect(transport, topology);
    ClusterState state = ClusterState.find(transport, topology);
    List<String> chain = RunChain.read(transport, state);
    out.println("Cluster '" + topology.cluster().name() + "', state in " + state.describe() + ".");
    if (chain.isEmpty()) {
      out.println("No run since the cluster was last known good: nothing to roll back.");
    } else {
      out.println(chain.size() + " run(s) since the cluster was last known good, oldest first; orchestrate rollback "
          + file + " undoes them newest first, back to the state before the first (with --to RUN, only those after"
          + " RUN; orchestrate plan " + file + " --rollback shows each step):");
    }
    int position = 1;
    for (String run : chain) {
      Optional<JournalReader.PastRun> past = JournalReader.read(transport, state, run);
      if (past.isEmpty()) {
        out.println("  " + position++ + ". " + run + "  no journal: cut off before its first record, changed nothing");
        continue;
      }
      RunRecap recap = RunRecap.of(past.get());
      out.println("  " + position++ + ". " + recap.run() + "  " + recap.command() + "  started " + recap.started() + "  "
          + recap.ended());
      out.println("       " + recap.changes());
    }
    JournalReader.last(transport, state).filter(last -> last.command().equals("rollback") && !last.succeeded()
        && !chain.isEmpty()).ifPresent(rollback -> out.println("Rollback " + rollback.run() + " of "
        + String.join(", ", RunChain.rolledBackBy(rollback)) + " did not finish ("
        + RunRecap.of(rollback).ended() + "): orchestrate rollback " + file + " --yes resumes it."));
    out.flush();
    return ExitCode.OK;
  }
}
