package dev.orchestrate.core.executor;

import dev.orchestrate.core.executor.Routing.Placement;
import dev.orchestrate.core.graph.TaskGraph;
import dev.orchestrate.core.graph.Vertex;
import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleRegistry;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.TransportModuleCall;
import dev.orchestrate.core.playbook.Task;
import dev.orchestrate.core.template.TemplateException;
import dev.orchestrate.core.template.Templar;
import dev.orchestrate.core.transport.CommandTimeoutException;
import dev.orchestrate.core.transport.ConnectionLostException;
import dev.orchestrate.core.transport.CopyException;
import dev.orchestrate.core.transport.TransportException;
import dev.orchestrate.core.value.Values;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs one task vertex as Ansible runs a task on a host, each step handed to its own piece:
 * {@link Routing} ({@code run_once}, {@code delegate_to}), {@link Conditions} ({@code when}),
 * {@link Loop} ({@code loop}, {@code loop_control}), {@link ModuleArguments} (rendering, and what
 * {@code assert} and {@code debug} read), {@link Retries} ({@code until}, {@code retries}, {@code
 * delay}), {@link Reconnects} (a lost connection), {@link ResultShaping} ({@code changed_when},
 * {@code failed_when}, {@code ignore_errors}, {@code no_log}).
 *
 * <p>What a task changes is never lost to its undo: each intent a module records goes to the
 * recorder before the change, and the task's end record carries every record of every loop item
 * and attempt, whether a later item, attempt or template then fails.
 */
final class TaskRunner {
  /** One task on one node while it runs: where, under which title, its undo so far, since when. */
  private record TaskRun(Placement placement, String title, TaskUndo undo, Instant start) {
    Vertex vertex() {
      return placement.vertex();
    }

    Task task() {
      return placement.task();
    }

    Duration elapsed() {
      return Duration.between(start, Instant.now());
    }
  }

  private final RunState state;
  private final ModuleRegistry modules;
  private final Templar templar;
  private final TransportModuleCall.Context context;
  private final RunListener listener;
  private final Routing routing;
  private final Conditions conditions;
  private final ModuleArguments arguments;
  private final Retries retries;
  private final Reconnects reconnects;
  private final ResultShaping shaping;
  private volatile Recorder recorder = Recorder.NONE;

  TaskRunner(TaskGraph graph, RunState state, ModuleRegistry modules, Templar templar,
      TransportModuleCall.Context context, RunListener listener) {
    this.state = state;
    this.modules = modules;
    this.templar = templar;
    this.context = context;
    this.listener = listener;
    this.routing = new Routing(graph, state, templar);
    this.conditions = new Conditions(templar);
    this.arguments = new ModuleArguments(templar, conditions);
    this.retries = new Retries(templar, conditions, Sleeper.THREAD);
    this.reconnects = new Reconnects(Sleeper.THREAD);
    this.shaping = new ResultShaping(conditions);
  }

  /**
   * Runs the task, journaled by the recorder before it touches a host and after it ends; a task
   * whose node failed earlier is not run and not recorded.
   */
  TaskOutcome run(Vertex vertex) {
    TaskOutcome outcome = attemptTask(vertex);
    if (outcome.status() != TaskOutcome.Status.NOT_RUN) {
      recorder.after(outcome);
    }
    return outcome;
  }

  void recordWith(Recorder chosen) {
    this.recorder = chosen;
  }

  private TaskOutcome attemptTask(Vertex vertex) {
    Placement placement = routing.place(vertex);
    Task task = placement.task();
    if (state.hasFailed(placement.node())) {
      return new TaskOutcome(vertex, task.title(), TaskOutcome.Status.NOT_RUN, "the node failed earlier", Map.of(),
          List.of(), Duration.ZERO);
    }
    Instant start = Instant.now();
    Map<String, Object> variables = state.variables(placement.node(), placement.phase(), placement.batch(), task.vars(),
        this::renderLazily);
    variables.put("ansible_check_mode", context.checkMode());
    String title = renderTitle(task, variables);
    TaskRun run = new TaskRun(placement, title, new TaskUndo(recorder, vertex, title), start);
    try {
      recorder.before(vertex, title);
      listener.taskStarted(vertex, title);
      return finish(run, task.loop().isPresent() ? loop(run, variables) : single(run, variables));
    } catch (TemplateException | IllegalArgumentException | ConnectionLostException | CommandTimeoutException
        | CopyException e) {
      return finish(run, Attempt.error(e.getMessage()));
    } catch (TransportException e) {
      state.fail(placement.node(), placement.phase().index(), true);
      return new TaskOutcome(vertex, title, TaskOutcome.Status.UNREACHABLE, e.getMessage(),
          Map.of("unreachable", true, "msg", e.getMessage()), run.undo().records(), run.elapsed());
    }
  }

  /** A task without a loop: a skip shows no message. */
  private Attempt single(TaskRun run, Map<String, Object> variables) {
    Attempt attempt = attempt(run, variables);
    return attempt.skipped() ? attempt.withMessage("") : attempt;
  }

  private Attempt loop(TaskRun run, Map<String, Object> variables) {
    Loop loop = Loop.of(run.task());
    List<?> items = Loop.items(templar.render(run.task().loop().get(), variables));
    List<Attempt> attempts = new ArrayList<>();
    for (int index = 0; index < items.size(); index++) {
      attempts.add(attempt(run, loop.variables(variables, items.get(index), index)));
    }
    return loop.combine(items, attempts);
  }

  /** The task, or one loop item of it: skipped unless {@code when} holds, else the module until it is done. */
  private Attempt attempt(TaskRun run, Map<String, Object> variables) {
    Optional<Object> unmet = conditions.firstFalse(run.task().when(), variables);
    if (unmet.isPresent()) {
      return Attempt.skipped(unmet.get());
    }
    Module module = modules.get(run.task().module());
    return retries.run(Retries.Until.of(run.task()), variables, () -> once(run, module, variables), progress(run));
  }

  /** One call of the module, its undo kept before its result is judged. */
  private Attempt once(TaskRun run, Module module, Map<String, Object> variables) {
    Map<String, Object> called = arguments.of(module.name(), run.task().arguments(), variables);
    ModuleResult result = reconnects.execute(module, call(run, called, variables), progress(run));
    run.undo().add(result.undo());
    return shaping.judge(result, ResultShaping.Rules.of(run.task()), variables);
  }

  /** The call a module gets: on its node or delegate, every command bounded by the task's {@code timeout}. */
  private TransportModuleCall call(TaskRun run, Map<String, Object> called, Map<String, Object> variables) {
    String executeOn = routing.executeOn(run.placement(), variables);
    Optional<Duration> timeout = run.task().timeout()
        .map(t -> Duration.ofSeconds(Values.integer(templar.render(t, variables), "timeout")));
    TransportModuleCall.Context taskContext = new TransportModuleCall.Context(
        RoutingTransport.of(context.transport(), timeout), context.hosts(), context.runId(), context.checkMode(),
        context.playbookDirectory(), context.secrets());
    return new TransportModuleCall(taskContext, run.placement().node(), executeOn, called,
        text -> templar.renderFile(text, variables), progress(run), run.undo()::intend);
  }

  /**
   * The outcome, once the receivers learned the result: a failure fails every receiver's node
   * unless ignored, and {@code no_log} hides what the outcome shows.
   */
  private TaskOutcome finish(TaskRun run, Attempt attempt) {
    Placement placement = run.placement();
    ResultShaping.Rules rules = ResultShaping.Rules.of(placement.task());
    List<String> receivers = routing.receivers(placement);
    routing.share(receivers, placement.task().register(), attempt);
    TaskOutcome.Status status = ResultShaping.status(attempt, rules);
    if (status == TaskOutcome.Status.FAILED) {
      receivers.forEach(n -> state.fail(n, placement.phase().index(), false));
    }
    Attempt shown = ResultShaping.shown(attempt, rules);
    return new TaskOutcome(run.vertex(), run.title(), status, shown.message(), shown.registered(), run.undo().records(),
        run.elapsed());
  }

  private Consumer<String> progress(TaskRun run) {
    return message -> listener.taskProgress(run.vertex(), message);
  }

  private Object renderLazily(Object value, Map<String, Object> variables) {
    try {
      return templar.render(value, variables);
    } catch (TemplateException e) {
      return value;
    }
  }

  private String renderTitle(Task task, Map<String, Object> variables) {
    try {
      return String.valueOf(templar.render(task.title(), variables));
    } catch (TemplateException | IllegalArgumentException e) {
      return task.title();
    }
  }
}
