package dev.orchestrate.core.run;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.executor.RunSummary;
import dev.orchestrate.core.executor.TaskOutcome;
import dev.orchestrate.core.journal.ClusterLock;
import dev.orchestrate.core.journal.ClusterState;
import dev.orchestrate.core.journal.JournalReader;
import dev.orchestrate.core.journal.RunChain;
import dev.orchestrate.core.plan.Plan;
import dev.orchestrate.core.plan.PlanWriter;
import dev.orchestrate.core.plan.SavedPlan;
import dev.orchestrate.core.report.Redactor;
import dev.orchestrate.core.rollback.ChainRollback;
import dev.orchestrate.core.rollback.RollbackPlanner;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.transport.Transport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * {@code rollback}: every run of the cluster's {@link RunChain} undone, newest first, back to the
 * state before the first (or, with {@code --to RUN}, to how RUN left it) — one rollback run whose
 * graph is each run's undo playbook ({@link RollbackPlanner}) in turn, newest run first, so each
 * run's undo ends with the nodes that ran before it serving and checked against its backups before
 * the run before it is undone. Planned as {@code plan --rollback} plans it ({@link ChainRollback}),
 * and walked like an apply: locked, journaled, resumable (a rollback that was cut off or failed is
 * finished by the next one), with the same outputs. Also what {@code apply --rollback-on-failure}
 * calls, for its own run only, holding the apply's lock.
 *
 * <p>With a saved rollback plan, it plans again under the lock and walks only when the plan is the
 * one saved — same chain, journals, node states, backups, steps — else it refuses, exit 4, having
 * changed nothing. A rollback started from a saved plan records the plan's digest in its journal's
 * header, so the same plan given again after a cut finishes that rollback (the nodes it stopped
 * are not a change to refuse), and once it has finished says so (exit 0).
 *
 * <p>Like {@link Apply}, it writes what a person reads to its {@link Output} as it goes.
 */
public final class Rollback {
  /**
   * What a user asked for.
   *
   * @param savedPlan a plan saved by {@code plan --rollback --out}
   * @param to the run to go back to, which is kept; empty for the whole chain
   * @param dryRun change nothing: show the plan and check every backup it would read
   */
  public record Request(Path file, Optional<Path> savedPlan, Optional<String> to, boolean dryRun, boolean forceUnlock,
      int parallel, Optional<Path> junit) {
    public Request {
      requireNonNull(file, "file");
      requireNonNull(savedPlan, "savedPlan");
      requireNonNull(to, "to");
      requireNonNull(junit, "junit");
    }
  }

  /** How a rollback ended; when it could not finish, what is left and how to finish it. */
  record Outcome(boolean succeeded, String whatIsLeft) {}

  private final Output output;
  private final PrintWriter human;

  private Rollback(Output output) {
    this.output = output;
    this.human = output.human();
  }

  public static Rollback create(Output output) {
    return new Rollback(requireNonNull(output, "output"));
  }

  /**
   * Rolls the chain back as {@code request} says; {@code confirm} is asked once the plan is printed,
   * and not when an unfinished rollback is being finished.
   *
   * @return {@link ExitCode#OK} also when there is nothing to roll back or the user says no;
   *     {@link ExitCode#TASK_FAILED} when the rollback could not finish (what is left is printed)
   */
  public ExitCode rollback(Request request, Topology topology, Transport transport, BooleanSupplier confirm) {
    Optional<SavedPlan> saved = request.savedPlan().map(Rollback::readRollbackPlan);
    Optional<String> keep = keep(request.to(), saved);
    Redactor redactor = Secrets.redactor(topology);
    Hosts.connect(transport, topology);
    ClusterState state = ClusterState.find(transport, topology);
    String digest = Plans.digest(request.file());
    if (request.dryRun()) {
      ChainRollback prepared = ChainRollback.plan(transport, state, topology, digest, keep);
      saved.ifPresent(plan -> refuseIfChanged(plan, prepared, request));
      return new BackupReview(output, redactor).check(prepared, topology, transport);
    }
    String runId = RunId.next();
    try (ClusterLock lock = ClusterLock.acquire(transport, state, ClusterLock.Holder.me(runId, "rollback"),
        request.forceUnlock(), warning -> output.err().println("warning: " + warning))) {
      Optional<JournalReader.PastRun> done = saved.flatMap(plan -> carriedOut(transport, state, plan));
      if (done.isPresent()) {
        human.println("The rollback plan " + request.savedPlan().get() + " was carried out by rollback "
            + done.get().run() + ", which finished: nothing is left to do.");
        human.flush();
        return ExitCode.OK;
      }
      ChainRollback prepared = ChainRollback.plan(transport, state, topology, digest, keep);
      saved.ifPresent(plan -> refuseIfChanged(plan, prepared, request));
      if (prepared.targets().isEmpty()) {
        human.println("Nothing to roll back: " + keep.map(run -> run + " is the newest run of the cluster's chain.")
            .orElse("no run on this cluster since it was last known good (" + state.describe() + ")."));
        human.flush();
        return ExitCode.OK;
      }
      Outcome outcome = walk(request.file(), topology, transport, state, prepared, runId, saved, request.parallel(),
          request.junit(), redactor, confirm);
      if (!outcome.succeeded() && !outcome.whatIsLeft().isEmpty()) {
        human.println(outcome.whatIsLeft());
        human.flush();
      }
      return outcome.succeeded() ? ExitCode.OK : ExitCode.TASK_FAILED;
    }
  }

  /** Rolls back {@code target} alone now, without asking: for {@code apply --rollback-on-failure}, which holds the lock. */
  Outcome rollBack(Path file, Topology topology, Transport transport, ClusterState state, String target, int parallel,
      Redactor redactor) {
    ChainRollback prepared = ChainRollback.of(transport, state, topology, Plans.digest(file), target);
    return walk(file, topology, transport, state, prepared, RunId.next(), Optional.empty(), parallel,
        Optional.empty(), redactor, () -> true);
  }

  /**
   * The rollback plan of the cluster as it is now, for {@code plan --rollback}: read-only, without
   * the lock. Its warnings and notes go to {@code err}.
   */
  public static Plan preview(Path file, Topology topology, Transport transport, Optional<String> to, PrintWriter err) {
    Hosts.connect(transport, topology);
    ClusterState state = ClusterState.find(transport, topology);
    ChainRollback prepared = ChainRollback.plan(transport, state, topology, Plans.digest(file), to);
    prepared.warnings().forEach(warning -> err.println("warning: " + warning));
    prepared.notes().forEach(err::println);
    err.flush();
    return prepared.plan();
  }

  /**
   * {@code rollback --list}: the runs a rollback would undo, on {@code output.out()}; read-only and
   * without the lock, so it can be run while another run holds it.
   */
  public ExitCode list(Path file, Topology topology, Transport transport) {
    return ChainListing.print(file, topology, transport, output.out());
  }

  /** Empties the chain: the hosts as they are now are what a later rollback returns to. */
  public ExitCode markGood(Topology topology, Transport transport, boolean forceUnlock) {
    Hosts.connect(transport, topology);
    ClusterState state = ClusterState.find(transport, topology);
    try (ClusterLock lock = ClusterLock.acquire(transport, state, ClusterLock.Holder.me(RunId.next(), "rollback"),
        forceUnlock, warning -> output.err().println("warning: " + warning))) {
      List<String> chain = RunChain.read(transport, state);
      RunChain.write(transport, state, List.of());
      human.println(chain.isEmpty() ? "No run since the cluster was last known good; nothing to forget."
          : "Cluster '" + topology.cluster().name() + "' marked good as it is now: a later rollback goes back no "
          + "further. Run(s) " + String.join(", ", chain) + " left the chain; their journals (" + state.describe()
          + "/runs) and backups stay.");
      human.flush();
      return ExitCode.OK;
    }
  }

  /** Walks the rollback as run {@code newRunId}, or as the unfinished rollback it finishes. */
  private Outcome walk(Path file, Topology topology, Transport transport, ClusterState state, ChainRollback prepared,
      String newRunId, Optional<SavedPlan> saved, int parallel, Optional<Path> junit, Redactor redactor,
      BooleanSupplier confirm) {
    prepared.warnings().forEach(warning -> output.err().println("warning: " + warning));
    prepared.notes().forEach(human::println);
    Plan plan = prepared.plan();
    if (!plan.hasChanges()) {
      human.println("Nothing to roll back: run(s) " + String.join(", ", prepared.targets())
          + " changed nothing that needs undoing.");
      human.flush();
      forget(transport, state, prepared.targets());
      return new Outcome(true, "");
    }
    human.print(PlanWriter.text(plan));
    human.flush();
    boolean resumed = prepared.resuming().isPresent();
    if (!resumed && !confirm.getAsBoolean()) {
      human.println("Rollback cancelled; nothing was changed.");
      return new Outcome(true, "");
    }
    String runId = prepared.resuming().map(JournalReader.PastRun::run).orElse(newRunId);
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("run", runId);
    header.put("command", "rollback");
    header.put("rollback_of", prepared.targets());
    plan.rollback().flatMap(basis -> basis.keeps()).ifPresent(run -> header.put("rollback_to", run));
    saved.ifPresent(savedPlan -> header.put("plan", savedPlan.digest()));
    header.put("cluster", topology.cluster().name());
    header.put("started", Instant.now().toString());
    header.put("topology_digest", plan.topologyDigest());
    header.put("tasks", plan.graph().tasks().size());
    Walk walk = new Walk("Rollback", runId, plan.graph(), prepared.inventory(), header, resumed,
        prepared.done(), Map.of(), false, parallel, Path.of("."));
    RunSummary summary = walk.walk(file, topology, transport, state, redactor, output, junit);
    if (summary.succeeded()) {
      forget(transport, state, prepared.targets());
    }
    return new Outcome(summary.succeeded(), summary.succeeded() ? "" : whatIsLeft(file, runId, summary));
  }

  /** A saved rollback plan, read before any host is reached; a plan for apply is refused here. */
  private static SavedPlan readRollbackPlan(Path file) {
    SavedPlan plan = SavedPlan.read(file);
    if (!plan.isRollback()) {
      throw new OrchestrateException(ExitCode.INVALID_INPUT, file + " is a plan for apply, not a rollback plan: run"
          + " it with orchestrate apply FILE --plan " + file + ", or make a rollback plan with orchestrate plan FILE"
          + " --rollback --out PLAN");
    }
    return plan;
  }

  /** The run to go back to: {@code --to}, or the saved plan's; both must agree. */
  private static Optional<String> keep(Optional<String> to, Optional<SavedPlan> saved) {
    Optional<String> planned = saved.flatMap(plan -> plan.rollback().flatMap(basis -> basis.keeps()));
    if (saved.isPresent() && to.isPresent() && !to.equals(planned)) {
      throw new OrchestrateException(ExitCode.INVALID_INPUT, "--to " + to.get() + " differs from the saved plan's: "
          + planned.map(run -> "it keeps " + run).orElse("it undoes the whole chain") + ". A saved plan runs as it"
          + " was made; leave --to out, or make a plan with plan --rollback --to " + to.get() + " --out PLAN");
    }
    return saved.isPresent() ? planned : to;
  }

  /** The finished rollback that was started from {@code plan}, if it is the cluster's last run. */
  private static Optional<JournalReader.PastRun> carriedOut(Transport transport, ClusterState state, SavedPlan plan) {
    return JournalReader.last(transport, state).filter(last -> last.command().equals("rollback") && last.succeeded()
        && plan.digest().equals(last.header().get("plan")));
  }

  private static void refuseIfChanged(SavedPlan saved, ChainRollback prepared, Request request) {
    boolean continuing = prepared.resuming().map(rollback -> saved.digest().equals(rollback.header().get("plan")))
        .orElse(false);
    saved.mismatch(prepared.plan(), continuing).ifPresent(why -> {
      throw new OrchestrateException(ExitCode.INVALID_INPUT, "the rollback plan " + request.savedPlan().get()
          + " no longer matches the cluster: " + why + ". Nothing was changed; review a new one, made with: "
          + "orchestrate plan " + request.file() + " --rollback --out " + request.savedPlan().get());
    });
  }

  /** The runs undone leave the chain; with the whole chain undone, the next apply starts a new one. */
  private static void forget(Transport transport, ClusterState state, List<String> undone) {
    List<String> chain = new ArrayList<>(RunChain.read(transport, state));
    chain.removeAll(undone);
    RunChain.write(transport, state, chain);
  }

  /** What a rollback that could not finish left to do, and how to finish it: by the next rollback, or by hand. */
  static String whatIsLeft(Path file, String runId, RunSummary summary) {
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
