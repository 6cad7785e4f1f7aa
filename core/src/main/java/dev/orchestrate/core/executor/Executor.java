package dev.orchestrate.core.executor;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.Trace;
import dev.orchestrate.core.graph.Phase;
import dev.orchestrate.core.graph.TaskGraph;
import dev.orchestrate.core.graph.Vertex;
import dev.orchestrate.core.module.ModuleRegistry;
import dev.orchestrate.core.module.TransportModuleCall;
import dev.orchestrate.core.playbook.Inventory;
import dev.orchestrate.core.playbook.Task;
import dev.orchestrate.core.template.Templar;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Walks a {@link TaskGraph}: a vertex starts once every vertex before it has finished, up to
 * {@code parallel} tasks at a time. Gates apply the plays' failure rules as Ansible does: a node
 * whose task failed runs nothing more; {@code any_errors_fatal} and {@code max_fail_percentage}
 * stop the run at the end of the task; a batch in which every node failed stops the run.
 * Stopping lets the running tasks finish and starts nothing new.
 *
 * <p>A task that ends in an exception instead of an outcome — its journal record could not be
 * written, or a bug — stops the walk the same orderly way: no task starts after it, the tasks
 * already running finish and their end records are attempted, and the walk ends failed with the
 * exception's message. Interrupting the others would leave them started without an end record.
 */
public final class Executor {
  private final TaskGraph graph;
  private final TaskRunner runner;
  private final RunState state;
  private final int parallel;
  private final RunListener listener;
  private Set<String> finished = Set.of();
  private Map<String, Map<String, Object>> registered = Map.of();

  private Executor(TaskGraph graph, TaskRunner runner, RunState state, int parallel, RunListener listener) {
    this.graph = graph;
    this.runner = runner;
    this.state = state;
    this.parallel = parallel;
    this.listener = listener;
  }

  /**
   * @param context the transport, hosts and run settings every task shares
   * @param parallel at most this many tasks run at once (at least 1)
   */
  public static Executor create(TaskGraph graph, Inventory inventory, ModuleRegistry modules, Templar templar,
      TransportModuleCall.Context context, int parallel, RunListener listener) {
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel must be at least 1, not " + parallel);
    }
    requireNonNull(listener, "listener");
    RunState state = new RunState(inventory);
    TaskRunner runner = new TaskRunner(graph, state, modules, templar, context, listener);
    return new Executor(graph, runner, state, parallel, listener);
  }

  /**
   * Journals every task through {@code chosen}, before it starts and after it ends. A record
   * that cannot be written stops the run: nothing is done that could not be recorded.
   */
  public Executor recording(Recorder chosen) {
    runner.recordWith(requireNonNull(chosen, "chosen"));
    return this;
  }

  /** Treats the tasks {@code finished} (vertex ids) as done by an earlier, interrupted walk of the same graph. */
  public Executor resuming(Set<String> earlier) {
    this.finished = Set.copyOf(earlier);
    return this;
  }

  /**
   * Gives back what the {@link #resuming finished} tasks registered, by vertex id (as the journal
   * kept it), so the tasks after them see the same values as in the first walk.
   */
  public Executor seeding(Map<String, Map<String, Object>> earlier) {
    this.registered = Map.copyOf(earlier);
    return this;
  }

  /**
   * The tasks whose results a resumed walk needs again: those with {@code register:} and {@code
   * set_fact}, by vertex id. A {@code no_log} task's result is never kept, so a resumed walk does
   * not see it.
   */
  public static Set<String> registering(TaskGraph graph) {
    Set<String> vertices = new HashSet<>();
    for (Vertex vertex : graph.tasks()) {
      Task task = graph.task(vertex);
      if (!task.noLog() && (task.register().isPresent() || task.module().equals("set_fact"))) {
        vertices.add(vertex.id());
      }
    }
    return Set.copyOf(vertices);
  }

  public RunSummary walk() {
    Instant start = Instant.now();
    seed();
    Map<Vertex, Integer> waiting = new HashMap<>();
    for (Vertex vertex : graph.order()) {
      waiting.put(vertex, graph.graph().inDegree(vertex));
    }
    List<TaskOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    Set<Integer> phasesStarted = new HashSet<>();
    Optional<String> stopped = Optional.empty();
    AtomicReference<String> broken = new AtomicReference<>();
    ExecutorService pool = Executors.newFixedThreadPool(parallel, daemonThreads());
    try {
      ExecutorCompletionService<Vertex> done = new ExecutorCompletionService<>(pool);
      List<Vertex> ready = new ArrayList<>(graph.order().stream().filter(v -> waiting.get(v) == 0).toList());
      int running = 0;
      while (true) {
        while (!ready.isEmpty() && stopped.isEmpty()) {
          Vertex vertex = ready.remove(0);
          if (vertex.isTask() && finished.contains(vertex.id())) {
            outcomes.add(new TaskOutcome(vertex, graph.task(vertex).title(), TaskOutcome.Status.OK,
                "done by the earlier attempt of this run", Map.of(), List.of(), Duration.ZERO));
            release(vertex, waiting, ready);
          } else if (vertex.isTask()) {
            if (phasesStarted.add(vertex.phase())) {
              listener.phaseStarted(graph.phase(vertex));
            }
            done.submit(() -> {
              if (broken.get() != null) {
                return vertex;
              }
              if (Trace.on()) {
                Trace.mark("task " + vertex.id() + " starts");
              }
              TaskOutcome outcome = runOrStop(vertex, broken);
              if (Trace.on()) {
                Trace.mark("task " + vertex.id() + " " + outcome.status());
              }
              outcomes.add(outcome);
              if (outcome.status() != TaskOutcome.Status.NOT_RUN) {
                listener.taskFinished(outcome);
              }
              return vertex;
            });
            running++;
          } else {
            stopped = gate(vertex);
            stopped.ifPresent(listener::stopped);
            release(vertex, waiting, ready);
          }
        }
        if (running == 0) {
          break;
        }
        Future<Vertex> finished = done.take();
        running--;
        if (broken.get() != null && stopped.isEmpty()) {
          stopped = Optional.of(broken.get());
          stopped.ifPresent(listener::stopped);
        }
        release(finished.get(), waiting, ready);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = Optional.of("interrupted");
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException("a task ended in an internal error", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    Set<Vertex> ran = new HashSet<>();
    synchronized (outcomes) {
      outcomes.forEach(o -> ran.add(o.vertex()));
    }
    List<TaskOutcome> all = new ArrayList<>(outcomes);
    for (Vertex vertex : graph.tasks()) {
      if (!ran.contains(vertex)) {
        all.add(new TaskOutcome(vertex, graph.task(vertex).title(), TaskOutcome.Status.NOT_RUN,
            stopped.orElse("not reached"), Map.of(), List.of(), Duration.ZERO));
      }
    }
    Map<Vertex, Integer> position = new HashMap<>();
    for (int i = 0; i < graph.order().size(); i++) {
      position.put(graph.order().get(i), i);
    }
    all.sort(java.util.Comparator.comparingInt(o -> position.get(o.vertex())));
    return new RunSummary(all, state.inventory().nodes(), stopped, Duration.between(start, Instant.now()));
  }

  /** The task's outcome; an exception in place of one is noted in {@code broken}, and the task counts as failed. */
  private TaskOutcome runOrStop(Vertex vertex, AtomicReference<String> broken) {
    try {
      return runner.run(vertex);
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      broken.compareAndSet(null, why);
      return new TaskOutcome(vertex, graph.task(vertex).title(), TaskOutcome.Status.FAILED, why, Map.of("failed", true,
          "msg", why), List.of(), Duration.ZERO);
    }
  }

  private void seed() {
    for (Vertex vertex : graph.tasks()) {
      Map<String, Object> result = registered.get(vertex.id());
      if (result == null || !finished.contains(vertex.id())) {
        continue;
      }
      Task task = graph.task(vertex);
      // A run_once task has one vertex, but every node of its batch got its result in the first walk.
      List<String> receivers = task.runOnce()
          ? graph.phase(vertex).batches().get(vertex.batch()) : List.of(vertex.node());
      for (String node : receivers) {
        task.register().ifPresent(name -> state.learn(node, name, result));
        if (!Boolean.TRUE.equals(result.get("failed")) && result.get("ansible_facts") instanceof Map<?, ?> facts) {
          facts.forEach((name, value) -> state.learn(node, String.valueOf(name), value));
        }
      }
    }
  }

  private void release(Vertex vertex, Map<Vertex, Integer> waiting, List<Vertex> ready) {
    for (Vertex next : graph.graph().successors(vertex)) {
      if (waiting.merge(next, -1, Integer::sum) == 0) {
        ready.add(next);
      }
    }
  }

  /** The play's failure rules at a gate; a reason to stop, or empty to go on. */
  private Optional<String> gate(Vertex gate) {
    Phase phase = graph.phase(gate);
    List<String> batch = phase.batches().get(gate.batch());
    List<String> alive = state.aliveAtStart(phase, batch);
    List<String> failed = state.failedDuring(phase, batch);
    if (failed.isEmpty()) {
      return Optional.empty();
    }
    String play = "play '" + phase.name() + "'";
    if (phase.play().anyErrorsFatal()) {
      return Optional.of(play + " has any_errors_fatal and " + String.join(", ", failed) + " failed");
    }
    if (phase.play().maxFailPercentage().isPresent()
        && failed.size() * 100.0 / batch.size() > phase.play().maxFailPercentage().getAsDouble()) {
      return Optional.of(play + ": " + failed.size() + " of " + batch.size() + " nodes failed, more than max_fail_percentage "
          + phase.play().maxFailPercentage().getAsDouble() + "%");
    }
    if (gate.kind() == Vertex.Kind.BATCH_GATE && !alive.isEmpty() && failed.containsAll(alive)) {
      return Optional.of(play + ": every node of the batch failed (" + String.join(", ", failed) + ")");
    }
    return Optional.empty();
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "task-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
