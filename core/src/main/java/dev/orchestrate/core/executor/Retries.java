package dev.orchestrate.core.executor;

import dev.orchestrate.core.playbook.Task;
import dev.orchestrate.core.template.Templar;
import dev.orchestrate.core.value.Values;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code until} with {@code retries} and {@code delay}: the module runs again, {@code delay}
 * apart, until the conditions hold with its result registered or the retries are spent, as in
 * Ansible. A task without {@code until} runs once.
 */
final class Retries {
  static final int DEFAULT_RETRIES = 3;
  static final Duration DEFAULT_DELAY = Duration.ofSeconds(5);

  /** The keys of a task that govern its retries, as written. */
  record Until(List<Object> conditions, Optional<Object> retries, Optional<Object> delay, Optional<String> register) {
    Until {
      conditions = List.copyOf(conditions);
    }

    static Until of(Task task) {
      return new Until(task.until(), task.retries(), task.delay(), task.register());
    }
  }

  private final Templar templar;
  private final Conditions conditions;
  private final Sleeper sleeper;

  Retries(Templar templar, Conditions conditions, Sleeper sleeper) {
    this.templar = templar;
    this.conditions = conditions;
    this.sleeper = sleeper;
  }

  /**
   * Runs {@code once} as often as {@code until} asks; the result registers how many tries it took
   * ({@code attempts}) and, when the retries ran out, fails with the last try's message.
   *
   * @param progress hears each retry before its delay
   */
  Attempt run(Until until, Map<String, Object> variables, Supplier<Attempt> once, Consumer<String> progress) {
    int attempts = 1;
    if (!until.conditions().isEmpty()) {
      // As ansible-core 2.14: retries of 0 or less still make one try.
      attempts = 1 + Math.max(0, until.retries().map(r -> Values.integer(templar.render(r, variables), "retries"))
          .orElse(DEFAULT_RETRIES));
    }
    Duration delay = until.delay().map(d -> Duration.ofMillis((long) (Double.parseDouble(
        String.valueOf(templar.render(d, variables))) * 1000))).orElse(DEFAULT_DELAY);
    Attempt outcome = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      outcome = once.get();
      if (until.conditions().isEmpty()) {
        return outcome;
      }
      Map<String, Object> registered = new LinkedHashMap<>(outcome.registered());
      registered.put("attempts", attempt);
      Map<String, Object> withResult = Conditions.withRegistered(until.register(), variables, registered);
      if (conditions.allHold(until.conditions(), withResult)) {
        return new Attempt(registered, outcome.changed(), outcome.failed(), false, outcome.message());
      }
      if (attempt < attempts) {
        progress.accept("retrying (" + (attempts - attempt) + " retries left)");
        sleeper.sleep(delay);
      } else {
        registered.put("failed", true);
        String message = "Retried " + attempts + " times and 'until' never held"
            + (outcome.message().isEmpty() ? "" : ": " + outcome.message());
        registered.put("msg", message);
        return new Attempt(registered, outcome.changed(), true, false, message);
      }
    }
    return outcome;
  }
}
