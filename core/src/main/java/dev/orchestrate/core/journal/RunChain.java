package dev.orchestrate.core.journal;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Shell;
import dev.orchestrate.core.transport.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The applies since the cluster was last known good, oldest first, kept in the file {@code chain}
 * of the cluster's state ({@link ClusterState}), one run id a line: what {@code rollback} undoes,
 * newest first, back to the state before the first.
 *
 * <p>Every apply that walks joins the chain, failed or not, and a later apply does not end it: an
 * apply that fails, then the apply that fixes it, are undone together. The chain starts anew only
 * when a rollback of it succeeds (the cluster is then as before its first run) or when the user
 * says the cluster is good as it is ({@code rollback --mark-good}). The lock is held whenever it
 * is written: the caller reads it, then writes the whole of it.
 *
 * <p>A cluster whose state has no {@code chain} file yet (written by an earlier orchestrate, which
 * kept only {@code last-run}) has the chain its last run implies: that run if it was an apply;
 * what it rolled back if it was a rollback that did not finish; nothing after a rollback that did.
 */
public final class RunChain {
  private static final String MARK = "CHAIN";

  private RunChain() {}

  /** The chain's run ids, oldest first. */
  public static List<String> read(Transport transport, ClusterState state) {
    String chain = Shell.quote(state.chain().value());
    CommandResult result = transport.run(state.host(), Command.of("if [ -f " + chain + " ]; then echo " + MARK + "; cat "
        + chain + "; fi"));
    if (!result.succeeded()) {
      throw new OrchestrateException(ExitCode.UNREACHABLE, "cannot read " + state.describe() + "/chain: "
          + result.stderr().strip());
    }
    return parse(result.stdout()).orElseGet(() -> JournalReader.last(transport, state).map(RunChain::impliedBy)
        .orElse(List.of()));
  }

  /** Replaces the chain with {@code runs}, oldest first; the file is swapped whole, never seen half written. */
  public static void write(Transport transport, ClusterState state, List<String> runs) {
    String chain = Shell.quote(state.chain().value());
    StringBuilder script = new StringBuilder("mkdir -p " + Shell.quote(state.directory().value()) + " && : > " + chain
        + ".new");
    for (String run : runs) {
      script.append(" && printf '%s\\n' ").append(Shell.quote(run)).append(" >> ").append(chain).append(".new");
    }
    script.append(" && sync ").append(chain).append(".new && mv ").append(chain).append(".new ").append(chain);
    CommandResult result = transport.run(state.host(), Command.of(script.toString()));
    if (!result.succeeded()) {
      throw new OrchestrateException(ExitCode.TASK_FAILED, "cannot write " + state.describe() + "/chain: "
          + result.stderr().strip());
    }
  }

  /** The runs a rollback run undoes, newest first, from its header. */
  public static List<String> rolledBackBy(JournalReader.PastRun rollback) {
    Object of = rollback.header().get("rollback_of");
    if (of instanceof List<?> runs) {
      return runs.stream().map(String::valueOf).toList();
    }
    return of == null ? List.of() : List.of(String.valueOf(of));
  }

  /** The ids listed after the mark, or empty when there was no chain file. */
  static Optional<List<String>> parse(String output) {
    List<String> lines = output.lines().map(String::strip).toList();
    if (lines.isEmpty() || !lines.get(0).equals(MARK)) {
      return Optional.empty();
    }
    return Optional.of(lines.subList(1, lines.size()).stream().filter(line -> !line.isEmpty()).distinct().toList());
  }

  static List<String> impliedBy(JournalReader.PastRun last) {
    if (last.command().equals("apply")) {
      return List.of(last.run());
    }
    if (last.command().equals("rollback") && !last.succeeded()) {
      List<String> oldestFirst = new ArrayList<>(rolledBackBy(last));
      java.util.Collections.reverse(oldestFirst);
      return List.copyOf(oldestFirst);
    }
    return List.of();
  }
}
