package dev.orchestrate.cli;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.compiler.Compiler;
import dev.orchestrate.core.executor.RunSummary;
import dev.orchestrate.core.executor.TaskOutcome;
import dev.orchestrate.core.graph.TaskGraph;
import dev.orchestrate.core.graph.TaskGraphBuilder;
import dev.orchestrate.core.journal.ClusterLock;
import dev.orchestrate.core.journal.ClusterState;
import dev.orchestrate.core.journal.JournalReader;
import dev.orchestrate.core.journal.RunChain;
import dev.orchestrate.core.plan.Plan;
import dev.orchestrate.core.plan.PlanWriter;
import dev.orchestrate.core.playbook.Inventory;
import dev.orchestrate.core.report.Redactor;
import dev.orchestrate.core.rollback.RollbackPlanner;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.transport.Transport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * {@code rollback}: every run of the cluster's {@link RunChain} undone, newest first, back to the
 * state before the first — one rollback run whose graph is each run's undo playbook ({@link
 * RollbackPlanner}) in turn, newest run first, so each run's undo ends with the nodes that ran
 * before it serving and checked against its backups before the run before it is undone. Walked
 * like an apply: locked, journaled, resumable (a rollback that was cut off or failed is finished
 * by the next one), and verified. Also what {@code apply --rollback-on-failure} calls, for its own
 * run only, holding the apply's lock.
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
    ClusterState state = ClusterState.find(transport, topology);
    String runId = Runs.newRunId();
    try (ClusterLock lock = ClusterLock.acquire(transport, state, ClusterLock.Holder.me(runId, "rollback"), forceUnlock,
        warning -> err.println("warning: " + warning))) {
      Optional<JournalReader.PastRun> last = JournalReader.last(transport, state);
      List<String> chain = RunChain.read(transport, state);
      List<String> targets;
      Set<String> done = Set.of();
      boolean resumed = false;
      if (last.isPresent() && last.get().command().equals("rollback") && !last.get().succeeded() && !chain.isEmpty()) {
        JournalReader.PastRun past = last.get();
        runId = past.run();
        targets = RunChain.rolledBackBy(past);
        done = past.done();
        resumed = true;
        human.println("Resuming rollback " + runId + " of run(s) " + String.join(", ", targets) + ", which "
            + (past.isUnfinished() ? "was cut off" : "failed") + ": " + done.size() + " task(s) done are skipped.");
      } else if (chain.isEmpty()) {
        human.println("Nothing to roll back: no run on this cluster since it was last known good (" + state.describe()
            + ").");
        human.flush();
        return ExitCode.OK.code();
      } else {
        targets = new ArrayList<>(chain);
        Collections.reverse(targets);
        last.filter(JournalReader.PastRun::isUnfinished)
            .ifPresent(cut -> human.println("Run " + cut.run() + " was cut off; what it did is rolled back."));
      }
      Outcome outcome = rollBack(file, topology, transport, state, targets, new Resume(runId, resumed, done), parallel,
          junit, redactor, confirm);
      if (!outcome.succeeded() && !outcome.whatIsLeft().isEmpty()) {
        human.println(outcome.whatIsLeft());
        human.flush();
      }
      return outcome.succeeded() ? ExitCode.OK.code() : ExitCode.TASK_FAILED.code();
    }
  }

  /** Rolls back {@code target} alone now, without asking: for {@code apply --rollback-on-failure}, which holds the lock. */
  Outcome rollBack(Path file, Topology topology, Transport transport, ClusterState state, String target, int parallel,
      Redactor redactor) {
    return rollBack(file, topology, transport, state, List.of(target), new Resume(Runs.newRunId(), false, Set.of()),
        parallel, Optional.empty(), redactor, () -> true);
  }

  /** Empties the chain: the hosts as they are now are what a later rollback returns to. */
  int markGood(Topology topology, Transport transport, boolean forceUnlock) {
    Runs.connect(transport, topology);
    ClusterState state = ClusterState.find(transport, topology);
    try (ClusterLock lock = ClusterLock.acquire(transport, state, ClusterLock.Holder.me(Runs.newRunId(), "rollback"),
        forceUnlock, warning -> err.println("warning: " + warning))) {
      List<String> chain = RunChain.read(transport, state);
      RunChain.write(transport, state, List.of());
      human.println(chain.isEmpty() ? "No run since the cluster was last known good; nothing to forget."
          : "Cluster '" + topology.cluster().name() + "' marked good as it is now: a later rollback goes back no "
          + "further. Run(s) " + String.join(", ", chain) + " left the chain; their journals (" + state.describe()
          + "/runs) and backups stay.");
      human.flush();
      return ExitCode.OK.code();
    }
  }

  /** The rollback run's own id, and what an earlier attempt of it did. */
  private record Resume(String runId, boolean resumed, Set<String> done) {}

  private Outcome rollBack(Path file, Topology topology, Transport transport, ClusterState state, List<String> targets,
      Resume resume, int parallel, Optional<Path> junit, Redactor redactor, BooleanSupplier confirm) {
    String digest = Plans.digest(file);
    Inventory inventory = Compiler.inventory(topology, null);
    TaskGraphBuilder builder = TaskGraphBuilder.on(inventory);
    List<String> described = new ArrayList<>();
    for (String target : targets) {
      Optional<JournalReader.PastRun> run = JournalReader.read(transport, state, target);
      if (run.isEmpty()) {
        human.println("Run " + target + " has no journal in " + state.describe() + ": it was cut off before its first"
            + " record, so it changed nothing.");
        continue;
      }
      if (!digest.equals(run.get().header().get("topology_digest")) && !resume.resumed()) {
        err.println("warning: " + file + " changed since run " + target + "; its journal's records (paths, nodes) are"
            + " what is undone");
      }
      builder.add(RollbackPlanner.plan(topology, run.get()), "undo run " + target);
      described.add("undo run " + target + ", newest change first, from its journal and backups");
    }
    TaskGraph graph = builder.build();
    if (graph.isEmpty()) {
      human.println("Nothing to roll back: run(s) " + String.join(", ", targets) + " changed nothing that needs undoing.");
      human.flush();
      forget(transport, state, targets);
      return new Outcome(true, "");
    }
    human.print(PlanWriter.text(new Plan(topology.cluster().name(), digest, "", Instant.now(), described, graph)));
    human.flush();
    if (!resume.resumed() && !confirm.getAsBoolean()) {
      human.println("Rollback cancelled; nothing was changed.");
      return new Outcome(true, "");
    }
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("run", resume.runId());
    header.put("command", "rollback");
    header.put("rollback_of", targets);
    header.put("cluster", topology.cluster().name());
    header.put("started", Instant.now().toString());
    header.put("topology_digest", digest);
    header.put("tasks", graph.tasks().size());
    RunWalker.Walk walk = new RunWalker.Walk("Rollback", resume.runId(), graph, inventory, header, resume.resumed(),
        resume.done(), Map.of(), false, parallel, Path.of("."));
    RunSummary summary = RunWalker.walk(walk, file, topology, transport, state, redactor,
        new RunWalker.Output(out, human, json, junit));
    if (summary.succeeded()) {
      forget(transport, state, targets);
    }
    return new Outcome(summary.succeeded(), summary.succeeded() ? "" : whatIsLeft(file, resume.runId(), summary));
  }

  /** The runs undone leave the chain; with the whole chain undone, the next apply starts a new one. */
  private static void forget(Transport transport, ClusterState state, List<String> undone) {
    List<String> chain = new ArrayList<>(RunChain.read(transport, state));
    chain.removeAll(undone);
    RunChain.write(transport, state, chain);
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
