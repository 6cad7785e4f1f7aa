package dev.orchestrate.core.run;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.Trace;
import dev.orchestrate.core.compiler.Compilation;
import dev.orchestrate.core.executor.RunSummary;
import dev.orchestrate.core.facts.FactGatherer;
import dev.orchestrate.core.facts.Facts;
import dev.orchestrate.core.journal.ClusterLock;
import dev.orchestrate.core.journal.ClusterState;
import dev.orchestrate.core.journal.JournalReader;
import dev.orchestrate.core.journal.RunChain;
import dev.orchestrate.core.plan.Plan;
import dev.orchestrate.core.plan.PlanWriter;
import dev.orchestrate.core.plan.SavedPlan;
import dev.orchestrate.core.report.Redactor;
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
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * {@code apply}, from cluster.yaml to a converged cluster: the lock, the facts (or, for a run
 * to finish, the facts it was compiled from, so the same graph comes back and its finished tasks
 * are skipped), the plan, the confirmation, the run chain, the journal, the walk, the reports.
 * Which run it finishes is {@link Resumption}'s to decide; every new run joins the cluster's
 * {@link RunChain}.
 *
 * <p>It writes what a person reads ("Resuming run ...", the plan, "No changes. ...") to the
 * {@link Output} it is given, as it goes, rather than returning outcomes for the caller to print:
 * those lines come between the plan, the question and the walk's own lines, and only the walk
 * knows that order. The caller supplies what core must not hold: the {@link Transport}, the
 * question ({@code confirm}), and how a walk is shown ({@link Display}).
 */
public final class Apply {
  /**
   * What a user asked for.
   *
   * @param savedPlan a plan saved by {@code plan --out}: the apply walks only if the plan made now is the same
   * @param rollbackOnFailure when a task fails, undo this run (only this one) and exit 6
   */
  public record Request(Path file, Optional<Path> savedPlan, boolean dryRun, boolean forceUnlock, int parallel,
      Optional<Path> junit, boolean rollbackOnFailure) {
    public Request {
      requireNonNull(file, "file");
      requireNonNull(savedPlan, "savedPlan");
      requireNonNull(junit, "junit");
    }
  }

  private final Output output;
  private final PrintWriter human;
  private final Procedures procedures;

  private Apply(Output output, Procedures procedures) {
    this.output = output;
    this.human = output.human();
    this.procedures = procedures;
  }

  public static Apply create(Output output, Procedures procedures) {
    return new Apply(requireNonNull(output, "output"), requireNonNull(procedures, "procedures"));
  }

  /**
   * Applies {@code request.file()}; {@code confirm} is asked once the plan is printed, and not for
   * a dry run or a run being finished.
   *
   * @return {@link ExitCode#OK} also when nothing changes or the user says no
   */
  public ExitCode apply(Request request, Topology topology, Transport transport, BooleanSupplier confirm) {
    Redactor redactor = Secrets.redactor(topology);
    Warmup.start(procedures.library());
    Hosts.connect(transport, topology);
    Trace.mark("apply: connected");
    ClusterState state = ClusterState.find(transport, topology);
    String runId = RunId.next();
    ClusterLock lock = request.dryRun() ? null
        : ClusterLock.acquire(transport, state, ClusterLock.Holder.me(runId, "apply"), request.forceUnlock(),
            warning -> output.err().println("warning: " + warning));
    try {
      String digest = Plans.digest(request.file());
      Trace.mark("apply: locked");
      Resumption resumption = request.dryRun() ? Resumption.NONE
          : Resumption.of(request.file(), digest, transport, state);
      resumption.note().ifPresent(human::println);
      Optional<JournalReader.PastRun> unfinished = resumption.run();
      Facts facts;
      if (unfinished.isPresent()) {
        JournalReader.PastRun past = unfinished.get();
        runId = past.run();
        facts = Facts.fromJson(String.valueOf(past.header().get("facts")));
        human.println(Resumption.resuming(past));
      } else {
        ExposedPorts exposed = ExposedPorts.probe(topology);
        Trace.mark("apply: ports probed");
        facts = FactGatherer.create(transport).gather(topology);
        exposed.warn(output.err());
      }
      Trace.mark("apply: facts read");
      Plans.Compiled compiled = Plans.compile(topology, digest, facts, procedures.library());
      Compilation compilation = compiled.compilation();
      Trace.mark("apply: compiled");
      Plan plan = compiled.plan();
      if (request.savedPlan().isPresent()) {
        SavedPlan saved = SavedPlan.read(request.savedPlan().get());
        saved.mismatch(plan).ifPresent(why -> {
          throw new OrchestrateException(ExitCode.INVALID_INPUT, "the saved plan " + request.savedPlan().get()
              + " no longer matches: " + why + ". Nothing was changed; make a new one with: orchestrate plan "
              + request.file() + " --out " + request.savedPlan().get());
        });
      }
      if (!plan.hasChanges()) {
        human.println("No changes. The hosts match " + request.file() + ".");
        human.flush();
        return ExitCode.OK;
      }
      human.print(PlanWriter.text(plan));
      human.flush();
      if (!request.dryRun() && unfinished.isEmpty() && !confirm.getAsBoolean()) {
        human.println("Apply cancelled; nothing was changed.");
        return ExitCode.OK;
      }
      if (!request.dryRun() && unfinished.isEmpty()) {
        // Joined before its journal exists: a run killed in between is in the chain with no journal,
        // and changed nothing.
        List<String> chain = new ArrayList<>(RunChain.read(transport, state));
        chain.add(runId);
        RunChain.write(transport, state, chain);
      }
      Trace.mark("apply: run chain written");
      return walk(request, topology, transport, state, runId, digest, compilation, facts, unfinished, redactor);
    } finally {
      if (lock != null) {
        lock.close();
      }
    }
  }

  private ExitCode walk(Request request, Topology topology, Transport transport, ClusterState state, String runId,
      String digest, Compilation compilation, Facts facts, Optional<JournalReader.PastRun> unfinished,
      Redactor redactor) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("run", runId);
    header.put("command", "apply");
    header.put("cluster", topology.cluster().name());
    header.put("started", Instant.now().toString());
    header.put("topology_digest", digest);
    header.put("procedures", compilation.procedures().stream().map(p -> p.playbook()).toList());
    header.put("tasks", compilation.graph().tasks().size());
    header.put("controller", ClusterLock.Holder.me(runId, "apply").describe());
    header.put("facts", facts.toJson());
    Walk walk = new Walk("Apply", runId, compilation.graph(), compilation.inventory(), header,
        unfinished.isPresent(), unfinished.map(JournalReader.PastRun::done).orElse(Set.of()),
        unfinished.map(JournalReader.PastRun::registered).orElse(Map.of()), request.dryRun(), request.parallel(),
        procedures.folder());
    Trace.mark("apply: walk starts");
    RunSummary summary = walk.walk(request.file(), topology, transport, state, redactor, output, request.junit());
    if (summary.succeeded() || !request.rollbackOnFailure() || request.dryRun()) {
      return summary.exitCode();
    }
    human.println();
    human.println("A task failed and --rollback-on-failure is set: rolling back run " + runId + " now (only this run;"
        + " earlier runs of the chain stay).");
    human.flush();
    Rollback.Outcome rollback = Rollback.create(output)
        .rollBack(request.file(), topology, transport, state, runId, request.parallel(), redactor);
    if (rollback.succeeded()) {
      human.println("Rolled back: the hosts are as they were before run " + runId + ". Exit 6.");
      human.flush();
      return ExitCode.ROLLED_BACK;
    }
    human.println(rollback.whatIsLeft());
    human.flush();
    return ExitCode.TASK_FAILED;
  }
}
