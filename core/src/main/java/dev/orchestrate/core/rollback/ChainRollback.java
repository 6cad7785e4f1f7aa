package dev.orchestrate.core.rollback;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.compiler.Compiler;
import dev.orchestrate.core.facts.FactGatherer;
import dev.orchestrate.core.facts.NodeFacts;
import dev.orchestrate.core.graph.TaskGraphBuilder;
import dev.orchestrate.core.journal.ClusterState;
import dev.orchestrate.core.journal.JournalReader;
import dev.orchestrate.core.journal.RunChain;
import dev.orchestrate.core.journal.RunRecap;
import dev.orchestrate.core.plan.Plan;
import dev.orchestrate.core.plan.RollbackBasis;
import dev.orchestrate.core.playbook.Inventory;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.transport.Transport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A rollback worked out before anything runs — what {@code plan --rollback} prints and saves,
 * what {@code rollback --plan} compares with the saved one, and what {@code rollback} walks: which
 * runs it undoes, newest first, the graph of their undo playbooks ({@link RollbackPlanner}), and
 * what it was made from ({@link RollbackBasis}).
 *
 * <p>Which runs: a rollback that was cut off or failed is finished first — its runs, from its
 * journal's header; otherwise every run of the cluster's {@link RunChain} or, with {@code keep}
 * ({@code --to RUN}), every run newer than that one, which stays: the cluster goes back to how
 * that run left it, as {@code git reset RUN} leaves RUN's commit.
 *
 * <p>Reading it changes nothing and takes no lock; the caller holds the lock when it is about to
 * walk it, so that nothing it read changes in between.
 */
public final class ChainRollback {
  private final Plan plan;
  private final Inventory inventory;
  private final List<String> targets;
  private final Optional<JournalReader.PastRun> resuming;
  private final List<BackupNeed> backups;
  private final List<RollbackBasis.Backup> found;
  private final List<String> notes;
  private final List<String> warnings;

  private ChainRollback(Plan plan, Inventory inventory, List<String> targets, Optional<JournalReader.PastRun> resuming,
      List<BackupNeed> backups, List<RollbackBasis.Backup> found, List<String> notes, List<String> warnings) {
    this.plan = plan;
    this.inventory = inventory;
    this.targets = List.copyOf(targets);
    this.resuming = resuming;
    this.backups = List.copyOf(backups);
    this.found = List.copyOf(found);
    this.notes = List.copyOf(notes);
    this.warnings = List.copyOf(warnings);
  }

  /**
   * The rollback of the cluster's chain as it is now, with the hosts read: each node's state (its
   * facts) and every backup the rollback relies on ({@link BackupProbe}).
   *
   * @param keep with {@code --to}: the run of the chain to go back to
   * @throws OrchestrateException with exit code 4 when {@code keep} is not a run of the chain, or
   *     an unfinished rollback of other runs is to be finished first
   */
  public static ChainRollback plan(Transport transport, ClusterState state, Topology topology, String topologyDigest,
      Optional<String> keep) {
    Optional<JournalReader.PastRun> last = JournalReader.last(transport, state);
    List<String> chain = RunChain.read(transport, state);
    Optional<JournalReader.PastRun> resuming = last.filter(run -> run.command().equals("rollback") && !run.succeeded()
        && !chain.isEmpty());
    List<String> notes = new ArrayList<>();
    if (resuming.isPresent()) {
      JournalReader.PastRun rollback = resuming.get();
      Optional<String> kept = Optional.ofNullable(rollback.header().get("rollback_to")).map(String::valueOf);
      if (keep.isPresent() && !keep.equals(kept)) {
        throw new OrchestrateException(ExitCode.INVALID_INPUT, "rollback " + rollback.run() + " of run(s) "
            + String.join(", ", RunChain.rolledBackBy(rollback)) + " did not finish; finish it first (orchestrate"
            + " rollback FILE --yes resumes it), then roll back --to " + keep.get());
      }
      notes.add("Resuming rollback " + rollback.run() + " of run(s) " + String.join(", ",
          RunChain.rolledBackBy(rollback)) + ", which " + (rollback.isUnfinished() ? "was cut off" : "failed") + ": "
          + rollback.done().size() + " task(s) done are skipped.");
      return build(transport, state, topology, topologyDigest, new Chosen(RunChain.rolledBackBy(rollback), kept,
          resuming, chain), notes, true);
    }
    List<String> targets = newerThan(chain, keep);
    last.filter(JournalReader.PastRun::isUnfinished).filter(cut -> targets.contains(cut.run()))
        .ifPresent(cut -> notes.add("Run " + cut.run() + " was cut off; what it did is rolled back."));
    return build(transport, state, topology, topologyDigest, new Chosen(targets, keep, Optional.empty(), chain), notes,
        true);
  }

  /**
   * The rollback of {@code target} alone, from its journal, without reading the hosts: what {@code
   * apply --rollback-on-failure} runs at once after a failure, never saved, so nothing is digested
   * (an archive's digest can take minutes) and a node the failure made unreachable does not stop it.
   */
  public static ChainRollback of(Transport transport, ClusterState state, Topology topology, String topologyDigest,
      String target) {
    return build(transport, state, topology, topologyDigest, new Chosen(List.of(target), Optional.empty(),
        Optional.empty(), RunChain.read(transport, state)), new ArrayList<>(), false);
  }

  /**
   * The graph and reasons of every run's undo, the basis, and the plan they make. With nothing to
   * undo the hosts are not read: a plan that undoes nothing relies on nothing, and a later run joins
   * the chain, which is compared all the same.
   */
  private static ChainRollback build(Transport transport, ClusterState state, Topology topology, String topologyDigest,
      Chosen chosen, List<String> notes, boolean readHostsAsked) {
    boolean readHosts = readHostsAsked && !chosen.targets().isEmpty();
    List<String> warnings = new ArrayList<>();
    List<String> decisions = new ArrayList<>();
    Map<String, String> journals = new LinkedHashMap<>();
    List<RunUndo> undos = new ArrayList<>();
    for (String target : chosen.targets()) {
      Optional<JournalReader.Journaled> journaled = JournalReader.readDigested(transport, state, target);
      journals.put(target, journaled.map(JournalReader.Journaled::sha256).orElse(""));
      if (journaled.isEmpty()) {
        notes.add("Run " + target + " has no journal in " + state.describe() + ": it was cut off before its first"
            + " record, so it changed nothing.");
        continue;
      }
      JournalReader.PastRun run = journaled.get().run();
      if (!topologyDigest.equals(run.header().get("topology_digest")) && chosen.resuming().isEmpty()) {
        warnings.add("cluster.yaml changed since run " + target + "; its journal's records (paths, nodes) are what is"
            + " undone");
      }
      RunRecap recap = RunRecap.of(run);
      decisions.add("undo run " + target + " (" + recap.command() + ", started " + recap.started() + ", "
          + recap.ended() + "; " + recap.changes() + "), newest change first, from its journal and backups");
      undos.add(RollbackPlanner.undo(topology, run));
    }
    List<BackupNeed> backups = undos.stream().flatMap(undo -> undo.backups().stream()).toList();
    List<RollbackBasis.Backup> found = readHosts ? BackupProbe.measure(transport, topology, backups) : List.of();
    Map<String, String> sizes = new LinkedHashMap<>();
    found.forEach(backup -> sizes.put(backup.where(), backup.describe()));
    Inventory inventory = Compiler.inventory(topology, null);
    TaskGraphBuilder builder = TaskGraphBuilder.on(inventory);
    for (RunUndo undo : undos) {
      builder.add(undo.playbook(), "undo run " + undo.run());
      for (RunUndo.Step step : undo.steps()) {
        String size = step.backup().map(path -> sizes.get(step.node() + ":" + path)).map(said -> " (" + said + ")")
            .orElse("");
        builder.reason(step.node(), step.text() + size);
      }
    }
    RollbackBasis basis = new RollbackBasis(chosen.targets(), chosen.keep(), chosen.resuming()
        .map(JournalReader.PastRun::run), chosen.chain(), journals, readHosts ? nodeStates(transport, topology)
        : Map.of(), found);
    Plan plan = new Plan(topology.cluster().name(), topologyDigest, basis.digest(), Instant.now(), decisions,
        builder.build(), Optional.of(basis));
    return new ChainRollback(plan, inventory, chosen.targets(), chosen.resuming(), backups, found, notes, warnings);
  }

  /** The runs of {@code chain} newer than {@code keep}, newest first; all of them without it. */
  private static List<String> newerThan(List<String> chain, Optional<String> keep) {
    int from = 0;
    if (keep.isPresent()) {
      from = chain.indexOf(keep.get()) + 1;
      if (from == 0) {
        throw new OrchestrateException(ExitCode.INVALID_INPUT, "--to " + keep.get() + ": that run is not in the"
            + " cluster's chain, the runs since it was last known good, so a rollback cannot stop there. "
            + (chain.isEmpty() ? "The chain is empty: there is nothing to roll back."
            : "The chain, oldest first: " + String.join(", ", chain) + ". --to names the run to keep; the runs after"
            + " it are undone (orchestrate rollback FILE --list shows each)."));
      }
    }
    List<String> newestFirst = new ArrayList<>(chain.subList(from, chain.size()));
    Collections.reverse(newestFirst);
    return newestFirst;
  }

  /** Whether Confluence runs on each node: a status answered, or the process of its PID file alive. */
  private static Map<String, String> nodeStates(Transport transport, Topology topology) {
    Map<String, String> states = new LinkedHashMap<>();
    FactGatherer.create(transport).gather(topology).nodes().forEach((name, facts) -> states.put(name, state(facts)));
    return states;
  }

  private static String state(NodeFacts facts) {
    if (!facts.reachable()) {
      return "unreachable";
    }
    return facts.state().isPresent() || facts.pidAlive() ? "running" : "stopped";
  }

  /** Which runs are undone, and from what: the chain as read, and the rollback finished, if any. */
  private record Chosen(List<String> targets, Optional<String> keep, Optional<JournalReader.PastRun> resuming,
      List<String> chain) {}

  /** The plan: printed by {@code plan --rollback}, saved by its {@code --out}, compared by {@code rollback --plan}. */
  public Plan plan() {
    return plan;
  }

  public Inventory inventory() {
    return inventory;
  }

  /** The runs undone, newest first; empty when there is nothing to roll back. */
  public List<String> targets() {
    return targets;
  }

  /** The rollback that was cut off or failed, which this one finishes. */
  public Optional<JournalReader.PastRun> resuming() {
    return resuming;
  }

  /** The tasks of the unfinished rollback that are done, skipped by the walk. */
  public Set<String> done() {
    return resuming.map(JournalReader.PastRun::done).orElse(Set.of());
  }

  /** Every backup the rollback relies on, and as found on the hosts (in the same order; empty without reading them). */
  public List<BackupNeed> backups() {
    return backups;
  }

  public List<RollbackBasis.Backup> found() {
    return found;
  }

  /** What a person is told before the plan: a rollback resumed, a run cut off, a run without journal. */
  public List<String> notes() {
    return notes;
  }

  /** What may surprise: cluster.yaml changed since a run undone. */
  public List<String> warnings() {
    return warnings;
  }
}
