package dev.orchestrate.cli;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.compiler.Compiler;
import dev.orchestrate.core.executor.RunSummary;
import dev.orchestrate.core.executor.TaskOutcome;
import dev.orchestrate.core.graph.TaskGraph;
import dev.orchestrate.core.graph.TaskGraphBuilder;
import dev.orchestrate.core.journal.ClusterLock;
import dev.orchestrate.core.journal.ClusterState;
import dev.orchestrate.core.journal.JournalReader;
import dev.orchestrate.core.plan.Plan;
import dev.orchestrate.core.plan.PlanWriter;
import dev.orchestrate.core.playbook.Inventory;
import dev.orchestrate.core.playbook.Playbook;
import dev.orchestrate.core.report.Redactor;
import dev.orchestrate.core.rollback.RollbackPlanner;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.transport.Transport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * {@code rollback}: the cluster's last apply undone from its journal ({@link RollbackPlanner}),
 * walked like an apply — locked, journaled, resumable — and verified. Also what {@code apply
 * --rollback-on-failure} calls, holding the apply's lock.
 */
final class Rollbacker {
  /** How a rollback ended; when it could not finish, what is left and how to finish it. */
  record Outcome(boolean succeeded, String whatIsLeft) {}

  private final PrintWriter out;
  private final PrintWriter human;
  private final PrintWriter err;
  private final boolean json;

  Rollbacker(PrintWriter out, PrintWriter err, boolean json) {
    this.out = out;
    this.err = err;
    this.human = json ? err : out;
    this.json = json;
  }

  int rollback(Path file, Topology topology, Transport transport, boolean forceUnlock, int parallel,
      Optional<Path> junit, BooleanSupplier confirm) {
    Redactor redactor = Runs.redactor(topology);
    Runs.connect(transport, topology);
    ClusterState state = ClusterState.of(topology);
    String runId = Runs.newRunId();
    try (ClusterLock lock = ClusterLock.acquire(transport, state, ClusterLock.Holder.me(runId, "rollback"), forceUnlock,
        warning -> err.println("warning: " + warning))) {
      Optional<JournalReader.PastRun> last = JournalReader.last(transport, state);
      if (last.isEmpty()) {
        human.println("Nothing to roll back: no run is journaled on this cluster (" + state.host().name() + ":"
            + state.directory() + ").");
        human.flush();
        return ExitCode.OK.code();
      }
      JournalReader.PastRun past = last.get();
      String target = past.run();
      Set<String> done = Set.of();
      boolean resumed = false;
      if ("rollback".equals(past.header().get("command"))) {
        target = String.valueOf(past.header().get("rollback_of"));
        if (!past.isUnfinished()) {
          human.println("Nothing to roll back: the last run on this cluster, " + past.run() + ", rolled back run "
              + target + ". The hosts are as they were before it.");
          human.flush();
          return ExitCode.OK.code();
        }
        runId = past.run();
        done = past.done();
        resumed = true;
        human.println("Resuming rollback " + runId + " of run " + target + ", which was cut off: " + done.size()
            + " task(s) done are skipped.");
      } else if (past.isUnfinished()) {
        human.println("Run " + target + " was cut off; what it did is rolled back.");
      }
      String digest = Plans.digest(file);
      if (!digest.equals(past.header().get("topology_digest")) && !resumed) {
        err.println("warning: " + file + " changed since run " + target + "; its journal's records (paths, nodes) are"
            + " what is undone");
      }
      Outcome outcome = rollBack(file, digest, topology, transport, state, target, runId, resumed, done, parallel,
          junit, redactor, confirm);
      if (!outcome.succeeded() && !outcome.whatIsLeft().isEmpty()) {
        human.println(outcome.whatIsLeft());
        human.flush();
      }
      return outcome.succeeded() ? ExitCode.OK.code() : ExitCode.TASK_FAILED.code();
    }
  }

  /** Rolls back {@code target} now, without asking: for {@code apply --rollback-on-failure}, which holds the lock. */
  Outcome rollBack(Path file, Topology topology, Transport transport, ClusterState state, String target, int parallel,
      Redactor redactor) {
    return rollBack(file, Plans.digest(file), topology, transport, state, target, Runs.newRunId(), false, Set.of(),
        parallel, Optional.empty(), redactor, () -> true);
  }

  private Outcome rollBack(Path file, String digest, Topology topology, Transport transport, ClusterState state,
      String target, String runId, boolean resumed, Set<String> done, int parallel, Optional<Path> junit,
      Redactor redactor, BooleanSupplier confirm) {
    JournalReader.PastRun run = JournalReader.read(transport, state, target).orElseThrow(() -> new OrchestrateException(
        ExitCode.INVALID_INPUT, "the journal of run " + target + " is missing from " + state.directory()));
    Playbook undo = RollbackPlanner.plan(topology, run);
    Inventory inventory = Compiler.inventory(topology, null);
    TaskGraph graph = TaskGraphBuilder.on(inventory).add(undo, "undo run " + target).build();
    if (graph.isEmpty()) {
      human.println("Nothing to roll back: run " + target + " changed nothing that needs undoing.");
      human.flush();
      return new Outcome(true, "");
    }
    human.print(PlanWriter.text(new Plan(topology.cluster().name(), digest, "", Instant.now(),
        List.of("undo run " + target + ", newest change first, from its journal and backups"), graph)));
    human.flush();
    if (!resumed && !confirm.getAsBoolean()) {
      human.println("Rollback cancelled; nothing was changed.");
      return new Outcome(true, "");
    }
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("run", runId);
    header.put("command", "rollback");
    header.put("rollback_of", target);
    header.put("cluster", topology.cluster().name());
    header.put("started", Instant.now().toString());
    header.put("topology_digest", digest);
    header.put("tasks", graph.tasks().size());
    RunWalker.Walk walk = new RunWalker.Walk("Rollback", runId, graph, inventory, header, resumed, done, false, parallel,
        Path.of("."));
    RunSummary summary = RunWalker.walk(walk, file, topology, transport, state, redactor,
        new RunWalker.Output(out, human, json, junit));
    return new Outcome(summary.succeeded(), summary.succeeded() ? "" : whatIsLeft(file, runId, summary));
  }

  private static String whatIsLeft(Path file, String runId, RunSummary summary) {
    StringBuilder text = new StringBuilder("The rollback could not finish. Left to do:\n");
    for (TaskOutcome outcome : summary.outcomes()) {
      if (outcome.status().isFailure() || outcome.status() == TaskOutcome.Status.NOT_RUN) {
        text.append("  - ").append(outcome.vertex().id()).append(' ').append(outcome.title()).append(" on ")
            .append(outcome.node()).append(outcome.status().isFailure() ? ": FAILED: " + outcome.message() : ": not done")
            .append('\n');
      }
    }
    text.append("Fix what stopped it, then run: orchestrate rollback ").append(file).append(" --yes\n")
        .append("It resumes rollback ").append(runId).append(" where it stopped. To finish by hand instead, each step ")
        .append("is described in docs/SAFETY.md (backups are kept beside each edited file as FILE.orchestrate-RUN, ")
        .append("local homes are archived in orchestrate-backups/ beside them).");
    return text.toString();
  }
}
