package dev.orchestrate.core.executor;

import dev.orchestrate.core.playbook.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A task's {@code loop} with its {@code loop_control}: the variables each item runs with, and the
 * result its items make together, as Ansible registers a loop: {@code results}, one per item,
 * each carrying its item (and its index with {@code index_var}).
 */
final class Loop {
  private final String loopVar;
  private final Optional<String> indexVar;

  Loop(Optional<String> loopVar, Optional<String> indexVar) {
    this.loopVar = loopVar.orElse("item");
    this.indexVar = indexVar;
  }

  static Loop of(Task task) {
    return new Loop(task.loopVar(), task.indexVar());
  }

  /** The items of the task's rendered {@code loop}; anything but a list is the playbook's mistake. */
  static List<?> items(Object rendered) {
    if (!(rendered instanceof List<?> list)) {
      throw new IllegalArgumentException("'loop' must give a list, not " + describe(rendered));
    }
    return list;
  }

  /** The task's variables with the item at {@code position} (from 0) under the loop's names. */
  Map<String, Object> variables(Map<String, Object> taskVariables, Object item, long position) {
    Map<String, Object> variables = new LinkedHashMap<>(taskVariables);
    variables.put(loopVar, item);
    indexVar.ifPresent(name -> variables.put(name, position));
    return variables;
  }

  /**
   * The task's result from its items' results, in order: changed or failed if any item was, skipped only
   * if there were items and every one was skipped.
   */
  Attempt combine(List<?> items, List<Attempt> attempts) {
    List<Object> results = new ArrayList<>();
    boolean changed = false;
    boolean failed = false;
    boolean allSkipped = !items.isEmpty();
    for (int index = 0; index < items.size(); index++) {
      Attempt attempt = attempts.get(index);
      results.add(result(attempt, items.get(index), index));
      changed |= attempt.changed();
      failed |= attempt.failed();
      allSkipped &= attempt.skipped();
    }
    Map<String, Object> registered = new LinkedHashMap<>();
    registered.put("results", results);
    registered.put("changed", changed);
    registered.put("failed", failed);
    registered.put("skipped", allSkipped);
    registered.put("msg", failed ? "One or more items failed" : "All items completed");
    return new Attempt(registered, changed, failed, allSkipped, failed ? "One or more items failed" : "");
  }

  private Map<String, Object> result(Attempt attempt, Object item, long position) {
    Map<String, Object> result = new LinkedHashMap<>(attempt.registered());
    result.put(loopVar, item);
    result.put("ansible_loop_var", loopVar);
    indexVar.ifPresent(name -> {
      result.put(name, position);
      result.put("ansible_index_var", name);
    });
    return result;
  }

  private static String describe(Object value) {
    return value == null ? "nothing" : value instanceof Map ? "a mapping" : "'" + value + "'";
  }
}
