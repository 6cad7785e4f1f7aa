package dev.orchestrate.core.executor;

import dev.orchestrate.core.graph.Phase;
import dev.orchestrate.core.graph.TaskGraph;
import dev.orchestrate.core.graph.Vertex;
import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleRegistry;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.TransportModuleCall;
import dev.orchestrate.core.module.control.ControlModules;
import dev.orchestrate.core.playbook.Task;
import dev.orchestrate.core.template.TemplateException;
import dev.orchestrate.core.template.Templar;
import dev.orchestrate.core.transport.ConnectionLostException;
import dev.orchestrate.core.transport.CommandTimeoutException;
import dev.orchestrate.core.transport.CopyException;
import dev.orchestrate.core.transport.TransportException;
import dev.orchestrate.core.undo.UndoRecord;
import dev.orchestrate.core.undo.UndoRecords;
import dev.orchestrate.core.value.Values;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one task vertex as Ansible runs a task on a host: {@code when}, {@code loop}, arguments
 * rendered, the module, {@code until}/{@code retries}/{@code delay}, {@code changed_when} and
 * {@code failed_when} read with the result registered, {@code ignore_errors}, {@code run_once}
 * (one run, its result given to every node of the batch), {@code delegate_to}, {@code no_log}.
 *
 * <p>What a task changes is never lost to its undo: each intent a module records goes to the
 * recorder before the change, and the task's end record carries every record of every loop item
 * and attempt, whether a later item, attempt or template then fails.
 */
final class TaskRunner {
  private static final String HIDDEN = "the output has been hidden due to the fact that 'no_log: true' was specified for this result";
  private static final int DEFAULT_RETRIES = 3;
  private static final Duration DEFAULT_DELAY = Duration.ofSeconds(5);
  /** A module safe to rerun gets this many tries when its connection drops, 1 s, 2 s, 4 s apart. */
  private static final int RERUNS_AFTER_LOST_CONNECTION = 4;

  private final TaskGraph graph;
  private final RunState state;
  private final ModuleRegistry modules;
  private final Templar templar;
  private final TransportModuleCall.Context context;
  private final RunListener listener;
  private volatile Recorder recorder = Recorder.NONE;

  TaskRunner(TaskGraph graph, RunState state, ModuleRegistry modules, Templar templar,
      TransportModuleCall.Context context, RunListener listener) {
    this.graph = graph;
    this.state = state;
    this.modules = modules;
    this.templar = templar;
    this.context = context;
    this.listener = listener;
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

  private TaskOutcome attemptTask(Vertex vertex) {
    Phase phase = graph.phase(vertex);
    Task task = graph.task(vertex);
    List<String> batch = phase.batches().get(vertex.batch());
    String node = vertex.node();
    if (task.runOnce()) {
      node = batch.stream().filter(n -> !state.hasFailed(n)).findFirst().orElse(node);
    }
    if (state.hasFailed(node)) {
      return new TaskOutcome(vertex, task.title(), TaskOutcome.Status.NOT_RUN, "the node failed earlier", Map.of(),
          List.of(), Duration.ZERO);
    }
    Instant start = Instant.now();
    Map<String, Object> variables = state.variables(node, phase, batch, task.vars(), this::renderLazily);
    variables.put("ansible_check_mode", context.checkMode());
    String title = renderTitle(task, variables);
    Undo undo = new Undo(vertex, title);
    try {
      recorder.before(vertex, title);
      listener.taskStarted(vertex, title);
      Map<String, Object> registered;
      if (task.loop().isPresent()) {
        Object items = templar.render(task.loop().get(), variables);
        if (!(items instanceof List<?> list)) {
          throw new IllegalArgumentException("'loop' must give a list, not " + describe(items));
        }
        List<Object> results = new ArrayList<>();
        boolean changed = false;
        boolean failed = false;
        boolean allSkipped = !list.isEmpty();
        for (int index = 0; index < list.size(); index++) {
          Object item = list.get(index);
          Map<String, Object> itemVariables = new LinkedHashMap<>(variables);
          itemVariables.put(task.loopVar().orElse("item"), item);
          long position = index;
          task.indexVar().ifPresent(name -> itemVariables.put(name, position));
          Attempt attempt = attempt(vertex, task, node, itemVariables, undo);
          Map<String, Object> itemResult = new LinkedHashMap<>(attempt.registered());
          itemResult.put(task.loopVar().orElse("item"), item);
          itemResult.put("ansible_loop_var", task.loopVar().orElse("item"));
          task.indexVar().ifPresent(name -> {
            itemResult.put(name, position);
            itemResult.put("ansible_index_var", name);
          });
          results.add(itemResult);
          changed |= attempt.changed();
          failed |= attempt.failed();
          allSkipped &= attempt.skipped();
        }
        registered = new LinkedHashMap<>();
        registered.put("results", results);
        registered.put("changed", changed);
        registered.put("failed", failed);
        registered.put("skipped", allSkipped);
        registered.put("msg", failed ? "One or more items failed" : "All items completed");
        return finish(vertex, task, node, batch, title, registered, changed, failed, allSkipped,
            failed ? "One or more items failed" : "", undo, start);
      }
      Attempt attempt = attempt(vertex, task, node, variables, undo);
      registered = attempt.registered();
      String message = attempt.skipped() ? "" : attempt.message();
      return finish(vertex, task, node, batch, title, registered, attempt.changed(), attempt.failed(), attempt.skipped(),
          message, undo, start);
    } catch (TemplateException | IllegalArgumentException e) {
      return finish(vertex, task, node, batch, title, Map.of("failed", true, "msg", e.getMessage()), false, true, false,
          e.getMessage(), undo, start);
    } catch (ConnectionLostException | CommandTimeoutException | CopyException e) {
      return finish(vertex, task, node, batch, title, Map.of("failed", true, "msg", e.getMessage()), false, true, false,
          e.getMessage(), undo, start);
    } catch (TransportException e) {
      state.fail(node, phase.index(), true);
      return new TaskOutcome(vertex, title, TaskOutcome.Status.UNREACHABLE, e.getMessage(),
          Map.of("unreachable", true, "msg", e.getMessage()), undo.records(), Duration.between(start, Instant.now()));
    }
  }

  void recordWith(Recorder chosen) {
    this.recorder = chosen;
  }

  private record Attempt(ModuleResult result, Map<String, Object> registered, boolean changed, boolean failed,
      boolean skipped, String message) {}

  private Attempt attempt(Vertex vertex, Task task, String node, Map<String, Object> variables, Undo undo) {
    for (Object condition : task.when()) {
      if (!templar.test(condition, variables)) {
        Map<String, Object> skipped = new LinkedHashMap<>();
        skipped.put("changed", false);
        skipped.put("skipped", true);
        skipped.put("skip_reason", "Conditional result was False");
        skipped.put("false_condition", String.valueOf(condition));
        return new Attempt(ModuleResult.ok(""), skipped, false, false, true, "");
      }
    }
    Module module = modules.get(task.module());
    int attempts = 1;
    if (!task.until().isEmpty()) {
      attempts = 1 + task.retries().map(r -> Values.integer(templar.render(r, variables), "retries")).orElse(DEFAULT_RETRIES);
    }
    Duration delay = task.delay().map(d -> Duration.ofMillis((long) (Double.parseDouble(
        String.valueOf(templar.render(d, variables))) * 1000))).orElse(DEFAULT_DELAY);
    Attempt outcome = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      outcome = once(vertex, task, module, node, variables, undo);
      if (task.until().isEmpty()) {
        return outcome;
      }
      Map<String, Object> registered = new LinkedHashMap<>(outcome.registered());
      registered.put("attempts", attempt);
      Map<String, Object> withResult = withRegistered(task, variables, registered);
      boolean done = task.until().stream().allMatch(c -> templar.test(c, withResult));
      if (done) {
        return new Attempt(outcome.result(), registered, outcome.changed(), outcome.failed(), false, outcome.message());
      }
      if (attempt < attempts) {
        listener.taskProgress(vertex, "retrying (" + (attempts - attempt) + " retries left)");
        sleep(delay);
      } else {
        registered.put("failed", true);
        String message = "Retried " + attempts + " times and 'until' never held"
            + (outcome.message().isEmpty() ? "" : ": " + outcome.message());
        registered.put("msg", message);
        return new Attempt(outcome.result(), registered, outcome.changed(), true, false, message);
      }
    }
    return outcome;
  }

  private Attempt once(Vertex vertex, Task task, Module module, String node, Map<String, Object> variables,
      Undo undo) {
    @SuppressWarnings("unchecked")
    Map<String, Object> arguments = new LinkedHashMap<>((Map<String, Object>) templar.render(task.arguments(), variables));
    if (module.name().equals("assert")) {
      List<Object> failed = new ArrayList<>();
      for (Object condition : Values.list(task.arguments().get("that"))) {
        if (!templar.test(condition, variables)) {
          failed.add(condition);
        }
      }
      arguments.put(ControlModules.FAILED_CONDITIONS, failed);
    } else if (module.name().equals("debug") && arguments.containsKey("var")) {
      arguments.put(ControlModules.VARIABLE_VALUE, templar.evaluate(String.valueOf(arguments.get("var")), variables));
    }
    String executeOn = task.delegateTo().map(d -> String.valueOf(templar.render(d, variables))).orElse(node);
    Optional<Duration> timeout = task.timeout().map(t -> Duration.ofSeconds(Values.integer(templar.render(t, variables), "timeout")));
    TransportModuleCall.Context taskContext = new TransportModuleCall.Context(
        RoutingTransport.of(context.transport(), timeout), context.hosts(), context.runId(), context.checkMode(),
        context.playbookDirectory(), context.secrets());
    TransportModuleCall call = new TransportModuleCall(taskContext, node, executeOn, arguments,
        text -> templar.renderFile(text, variables), message -> listener.taskProgress(vertex, message),
        undo::intend);
    ModuleResult result = null;
    for (int attempt = 1; result == null; attempt++) {
      try {
        result = module.execute(call);
      } catch (ConnectionLostException e) {
        if (!module.safeToRerun() || attempt >= RERUNS_AFTER_LOST_CONNECTION) {
          result = ModuleResult.failed(e.getMessage());
        } else {
          Duration backoff = Duration.ofSeconds(1L << (attempt - 1));
          listener.taskProgress(vertex, "connection lost (" + e.getMessage() + "); " + module.name()
              + " checks before it changes, so it runs again in " + backoff.toSeconds() + " s");
          sleep(backoff);
        }
      } catch (CommandTimeoutException | CopyException e) {
        result = ModuleResult.failed(e.getMessage());
      }
    }
    undo.add(result.undo());
    Map<String, Object> registered = new LinkedHashMap<>(result.registered());
    boolean changed = result.changed();
    boolean failed = result.failed();
    if (!task.changedWhen().isEmpty() || !task.failedWhen().isEmpty()) {
      Map<String, Object> withResult = withRegistered(task, variables, registered);
      if (!task.changedWhen().isEmpty()) {
        changed = task.changedWhen().stream().allMatch(c -> templar.test(c, withResult));
      }
      if (!task.failedWhen().isEmpty()) {
        failed = task.failedWhen().stream().allMatch(c -> templar.test(c, withResult));
      }
      registered.put("changed", changed);
      registered.put("failed", failed);
    }
    String message = result.message();
    if (failed && message.isEmpty() && registered.get("stderr") instanceof String stderr && !stderr.isBlank()) {
      message = stderr.strip();
    }
    boolean skipped = Boolean.TRUE.equals(result.fields().get("skipped")) && !failed;
    return new Attempt(result, registered, changed, failed, skipped, message);
  }

  private TaskOutcome finish(Vertex vertex, Task task, String node, List<String> batch, String title,
      Map<String, Object> registered, boolean changed, boolean failed, boolean skipped, String message,
      Undo undo, Instant start) {
    Phase phase = graph.phase(vertex);
    List<String> receivers = task.runOnce() ? batch.stream().filter(n -> !state.hasFailed(n)).toList() : List.of(node);
    for (String receiver : receivers) {
      task.register().ifPresent(name -> state.learn(receiver, name, registered));
      if (!failed && registered.get("ansible_facts") instanceof Map<?, ?> facts) {
        facts.forEach((name, value) -> state.learn(receiver, String.valueOf(name), value));
      }
    }
    TaskOutcome.Status status;
    if (failed && task.ignoreErrors()) {
      status = TaskOutcome.Status.IGNORED;
    } else if (failed) {
      status = TaskOutcome.Status.FAILED;
      receivers.forEach(n -> state.fail(n, phase.index(), false));
    } else if (skipped) {
      status = TaskOutcome.Status.SKIPPED;
    } else if (changed) {
      status = TaskOutcome.Status.CHANGED;
    } else {
      status = TaskOutcome.Status.OK;
    }
    Map<String, Object> shown = task.noLog() ? Map.of("changed", changed, "failed", failed, "censored", HIDDEN) : registered;
    String shownMessage = task.noLog() && !message.isEmpty() ? HIDDEN : message;
    return new TaskOutcome(vertex, title, status, shownMessage, shown, undo.records(),
        Duration.between(start, Instant.now()));
  }

  /**
   * Every undo record of one task run as it comes: each intent, journaled before the module goes
   * on, and the records of each module result, loop item and attempt alike.
   */
  private final class Undo {
    private final Vertex vertex;
    private final String title;
    private final List<UndoRecord> records = new ArrayList<>();

    Undo(Vertex vertex, String title) {
      this.vertex = vertex;
      this.title = title;
    }

    void intend(UndoRecord record) {
      recorder.intend(vertex, title, record);
      add(List.of(record));
    }

    synchronized void add(List<UndoRecord> more) {
      records.addAll(more);
    }

    synchronized List<UndoRecord> records() {
      return UndoRecords.merge(records);
    }
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

  private static Map<String, Object> withRegistered(Task task, Map<String, Object> variables, Map<String, Object> registered) {
    Map<String, Object> withResult = new LinkedHashMap<>(variables);
    task.register().ifPresent(name -> withResult.put(name, registered));
    return withResult;
  }

  private static String describe(Object value) {
    return value == null ? "nothing" : value instanceof Map ? "a mapping" : "'" + value + "'";
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
