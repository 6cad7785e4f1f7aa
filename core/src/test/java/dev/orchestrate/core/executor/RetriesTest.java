package dev.orchestrate.core.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.template.Templar;
import dev.orchestrate.core.topology.Environment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How often until/retries/delay run a module, and what the result says about it. */
class RetriesTest {
  @TempDir
  Path dir;

  private final List<Duration> waits = new ArrayList<>();
  private final List<String> progress = new ArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();
  private Retries retries;

  @BeforeEach
  void setUp() {
    Templar templar = Templar.create(new Environment(Map.of(), dir, "tester"), dir);
    retries = new Retries(templar, new Conditions(templar), waits::add);
  }

  /** A module whose {@code stdout} counts its calls from 1. */
  private final Supplier<Attempt> counting = () -> {
    int call = calls.incrementAndGet();
    return new Attempt(Map.of("stdout", call, "changed", true), true, false, false, "call " + call);
  };

  private Attempt run(Retries.Until until) {
    return retries.run(until, Map.of("wanted", 3), counting, progress::add);
  }

  @Test
  void withoutUntilTheModuleRunsOnce() {
    Attempt attempt = run(new Retries.Until(List.of(), Optional.of(5), Optional.of(0), Optional.of("count")));

    assertThat(calls).hasValue(1);
    assertThat(attempt.registered()).doesNotContainKey("attempts");
    assertThat(waits).isEmpty();
  }

  /** ansible-core 2.14 makes one try for retries 0 and -1 (checked with ansible-playbook). */
  @Test
  void retriesOfZeroOrLessStillMakeOneTry() {
    for (int given : new int[] {0, -1}) {
      calls.set(0);
      Attempt attempt = run(new Retries.Until(List.of("count.stdout > 10"), Optional.of(given), Optional.of(0),
          Optional.of("count")));

      assertThat(calls).as("retries %d", given).hasValue(1);
      assertThat(attempt.failed()).isTrue();
      assertThat(attempt.registered()).containsEntry("attempts", 1);
    }
  }

  @Test
  void untilStopsAtTheFirstTryWhoseRegisteredResultHolds() {
    Attempt attempt = run(new Retries.Until(List.of("count.stdout >= wanted"), Optional.of(5), Optional.of("0.5"),
        Optional.of("count")));

    assertThat(calls).hasValue(3);
    assertThat(attempt.registered()).containsEntry("attempts", 3);
    assertThat(attempt.failed()).isFalse();
    assertThat(attempt.changed()).isTrue();
    assertThat(attempt.message()).isEqualTo("call 3");
    assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500));
    assertThat(progress).containsExactly("retrying (5 retries left)", "retrying (4 retries left)");
  }

  @Test
  void retriesSpentFailWithTheLastTrysMessage() {
    Attempt attempt = run(new Retries.Until(List.of("count.stdout > 10"), Optional.of("{{ wanted - 1 }}"),
        Optional.of(0), Optional.of("count")));

    assertThat(calls).hasValue(3);
    assertThat(attempt.failed()).isTrue();
    assertThat(attempt.message()).isEqualTo("Retried 3 times and 'until' never held: call 3");
    assertThat(attempt.registered()).containsEntry("attempts", 3).containsEntry("failed", true)
        .containsEntry("msg", "Retried 3 times and 'until' never held: call 3");
    assertThat(progress).containsExactly("retrying (2 retries left)", "retrying (1 retries left)");
  }

  @Test
  void untilWithoutRetriesOrDelayTriesFourTimesFiveSecondsApart() {
    Attempt attempt = run(new Retries.Until(List.of("false"), Optional.empty(), Optional.empty(), Optional.empty()));

    assertThat(calls).hasValue(1 + Retries.DEFAULT_RETRIES);
    assertThat(attempt.failed()).isTrue();
    assertThat(waits).hasSize(Retries.DEFAULT_RETRIES).containsOnly(Duration.ofSeconds(5));
  }
}
