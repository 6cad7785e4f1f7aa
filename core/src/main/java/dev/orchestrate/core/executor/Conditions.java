package dev.orchestrate.core.executor;

import dev.orchestrate.core.template.Templar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A task's conditions ({@code when}, {@code until}, {@code changed_when}, {@code failed_when},
 * assert's {@code that}) tested against its variables, in the order written.
 */
final class Conditions {
  private final Templar templar;

  Conditions(Templar templar) {
    this.templar = templar;
  }

  /** The first of {@code conditions} that does not hold, none after it tested; empty when all hold. */
  Optional<Object> firstFalse(List<Object> conditions, Map<String, Object> variables) {
    for (Object condition : conditions) {
      if (!templar.test(condition, variables)) {
        return Optional.of(condition);
      }
    }
    return Optional.empty();
  }

  /** Whether every one holds (none: true), testing up to the first that does not. */
  boolean allHold(List<Object> conditions, Map<String, Object> variables) {
    return firstFalse(conditions, variables).isEmpty();
  }

  /** Every condition that does not hold, each one tested. */
  List<Object> failing(List<Object> conditions, Map<String, Object> variables) {
    List<Object> failed = new ArrayList<>();
    for (Object condition : conditions) {
      if (!templar.test(condition, variables)) {
        failed.add(condition);
      }
    }
    return failed;
  }

  /** The variables with the result so far under the task's {@code register} name, as its conditions read it. */
  static Map<String, Object> withRegistered(Optional<String> register, Map<String, Object> variables,
      Map<String, Object> registered) {
    Map<String, Object> withResult = new LinkedHashMap<>(variables);
    register.ifPresent(name -> withResult.put(name, registered));
    return withResult;
  }
}
