package dev.orchestrate.core.executor;

import dev.orchestrate.core.module.control.ControlModules;
import dev.orchestrate.core.template.Templar;
import dev.orchestrate.core.value.Values;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The arguments a module is called with: the task's, rendered against its variables. A module
 * sees only those, so the controller modules that must read the variables themselves get what
 * they need added under {@link ControlModules}' names: {@code assert} the conditions of its
 * {@code that} (as written, not rendered) that did not hold, {@code debug} the value of its
 * {@code var}.
 */
final class ModuleArguments {
  /** Adds to the rendered {@code arguments} what one module needs evaluated. */
  @FunctionalInterface
  private interface Evaluation {
    void add(Map<String, Object> written, Map<String, Object> arguments, Map<String, Object> variables);
  }

  private final Templar templar;
  private final Map<String, Evaluation> byModule;

  ModuleArguments(Templar templar, Conditions conditions) {
    this.templar = templar;
    this.byModule = Map.of(
        "assert", (written, arguments, variables) -> arguments.put(ControlModules.FAILED_CONDITIONS,
            conditions.failing(Values.list(written.get("that")), variables)),
        "debug", (written, arguments, variables) -> {
          if (arguments.containsKey("var")) {
            arguments.put(ControlModules.VARIABLE_VALUE,
                templar.evaluate(String.valueOf(arguments.get("var")), variables));
          }
        });
  }

  /** @param module the module's own name, not an alias the task may have written */
  Map<String, Object> of(String module, Map<String, Object> written, Map<String, Object> variables) {
    @SuppressWarnings("unchecked")
    Map<String, Object> arguments = new LinkedHashMap<>((Map<String, Object>) templar.render(written, variables));
    Evaluation evaluation = byModule.get(module);
    if (evaluation != null) {
      evaluation.add(written, arguments, variables);
    }
    return arguments;
  }
}
