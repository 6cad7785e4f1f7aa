package dev.orchestrate.cli;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
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
import dev.orchestrate.playbooks.BuiltInPlaybooks;
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
 * Shared by {@code apply} and {@code demo}.
 *
 * <p>The last apply is finished rather than a new one started when it was cut off, or when it
 * failed after changing something, and cluster.yaml is the same: its done tasks are skipped,
 * with what they registered, and the failed or cut-off ones run again. A failed run that changed
 * nothing (a preflight that refused) is not resumed: the new run reads the facts again, so a
 * check that failed is made afresh. Every new run joins the cluster's {@link RunChain}.
 */
final class Applier {
  /** What a user asked for on the command line. */
  record Request(Path file, Optional<Path> savedPlan, boolean dryRun, boolean forceUnlock, int parallel,
      boolean json, Optional<Path> junit, boolean rollbackOnFailure) {}

  private final PrintWriter out;
  private final PrintWriter human;
  private final PrintWriter err;

  /**
   * @param out standard output: the text report, or with {@code json} the JSON events only
   * @param err warnings; and, with {@code json}, everything meant for a person
   */
  Applier(PrintWriter out, PrintWriter err, boolean json) {
    this.out = out;
    this.err = err;
    this.human = json ? err : out;
  }

  int apply(Request request, Topology topology, Transport transport, BooleanSupplier confirm) {
    Redactor redactor = Runs.redactor(topology);
    Runs.connect(transport, topology);
    ClusterState state = ClusterState.find(transport, topology);
    String runId = Runs.newRunId();
    ClusterLock lock = request.dryRun() ? null
        : ClusterLock.acquire(transport, state, ClusterLock.Holder.me(runId, "apply"), request.forceUnlock(),
            warning -> err.println("warning: " + warning));
    try {
      String digest = Plans.digest(request.file());
      Optional<JournalReader.PastRun> unfinished = request.dryRun() ? Optional.empty()
          : toFinish(request.file(), digest, transport, state);
      Facts facts;
      if (unfinished.isPresent()) {
        JournalReader.PastRun past = unfinished.get();
        runId = past.run();
        facts = Facts.fromJson(String.valueOf(past.header().get("facts")));
        human.println("Resuming run " + runId + ", which " + (past.isUnfinished() ? "was cut off" : "failed") + ": "
            + past.done().size() + " task(s) done are skipped"
            + (past.interrupted().isEmpty() ? "" : "; " + String.join(", ", past.interrupted())
            + " started and is checked again") + "; the others run now.");
      } else {
        ExposedPorts exposed = ExposedPorts.probe(topology);
        facts = FactGatherer.create(transport).gather(topology);
        exposed.warn(err);
      }
      Plans.Compiled compiled = Plans.compile(topology, digest, facts);
      Compilation compilation = compiled.compilation();
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
        return ExitCode.OK.code();
      }
      human.print(PlanWriter.text(plan));
      human.flush();
      if (!request.dryRun() && unfinished.isEmpty() && !confirm.getAsBoolean()) {
        human.println("Apply cancelled; nothing was changed.");
        return ExitCode.OK.code();
      }
      if (!request.dryRun() && unfinished.isEmpty()) {
        // Joined before its journal exists: a run killed in between is in the chain with no journal,
        // and changed nothing.
        List<String> chain = new ArrayList<>(RunChain.read(transport, state));
        chain.add(runId);
        RunChain.write(transport, state, chain);
      }
      return walk(request, topology, transport, state, runId, digest, compilation, facts, unfinished, redactor);
    } finally {
      if (lock != null) {
        lock.close();
      }
    }
  }

  /**
   * The last apply, when this one finishes it: cut off, or failed after changing something, and
   * compiled from the same cluster.yaml. Refuses while a rollback is left half done.
   */
  private Optional<JournalReader.PastRun> toFinish(Path file, String digest, Transport transport, ClusterState state) {
    Optional<JournalReader.PastRun> last = JournalReader.last(transport, state);
    if (last.isEmpty() || last.get().succeeded()) {
      return Optional.empty();
    }
    JournalReader.PastRun past = last.get();
    boolean sameFile = digest.equals(past.header().get("topology_digest"));
    List<String> chain = RunChain.read(transport, state);
    if (past.command().equals("rollback")) {
      if (chain.isEmpty()) {
        return Optional.empty();
      }
      throw new OrchestrateException(ExitCode.INVALID_INPUT, "rollback " + past.run() + " on this cluster did not finish,"
          + " so the hosts are between two states. Finish it first: orchestrate rollback " + file + " --yes; or, to"
          + " keep the hosts as they are now and apply from there: orchestrate rollback " + file + " --mark-good");
    }
    if (!chain.contains(past.run())) {
      // Marked good as it is: what it left is the new starting point.
      return Optional.empty();
    }
    if (past.isUnfinished() && !sameFile) {
      throw new OrchestrateException(ExitCode.INVALID_INPUT, "run " + past.run() + " on this cluster was cut off, and "
          + file + " has changed since it started; apply the cluster.yaml it started with to finish it"
          + " (or roll it back), then apply the new one");
    }
    if (past.isUnfinished() || sameFile && past.mayHaveChanged()) {
      return last;
    }
    human.println("Run " + past.run() + " failed" + (sameFile ? " before changing anything" : " and " + file
        + " has changed since") + ": this apply is a new run, after it in the chain that rollback undoes.");
    return Optional.empty();
  }

  private int walk(Request request, Topology topology, Transport transport, ClusterState state, String runId,
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
    RunWalker.Walk walk = new RunWalker.Walk("Apply", runId, compilation.graph(), compilation.inventory(), header,
        unfinished.isPresent(), unfinished.map(JournalReader.PastRun::done).orElse(Set.of()),
        unfinished.map(JournalReader.PastRun::registered).orElse(Map.of()), request.dryRun(), request.parallel(),
        BuiltInPlaybooks.create().file("server-to-datacenter.yaml").getParent());
    RunWalker.Output output = new RunWalker.Output(out, human, request.json(), request.junit());
    RunSummary summary = RunWalker.walk(walk, request.file(), topology, transport, state, redactor, output);
    if (summary.succeeded() || !request.rollbackOnFailure() || request.dryRun()) {
      return summary.exitCode().code();
    }
    human.println();
    human.println("A task failed and --rollback-on-failure is set: rolling back run " + runId + " now (only this run;"
        + " earlier runs of the chain stay).");
    human.flush();
    Rollbacker.Outcome rollback = new Rollbacker(out, err, request.json())
        .rollBack(request.file(), topology, transport, state, runId, request.parallel(), redactor);
    if (rollback.succeeded()) {
      human.println("Rolled back: the hosts are as they were before run " + runId + ". Exit 6.");
      human.flush();
      return ExitCode.ROLLED_BACK.code();
    }
    human.println(rollback.whatIsLeft());
    human.flush();
    return ExitCode.TASK_FAILED.code();
  }
}
