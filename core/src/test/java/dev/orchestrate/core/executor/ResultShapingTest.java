package dev.orchestrate.core.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.executor.TaskOutcome.Status;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.template.Templar;
import dev.orchestrate.core.topology.Environment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** changed_when, failed_when, ignore_errors and no_log, each on its own. */
class ResultShapingTest {
  @TempDir
  Path dir;

  private ResultShaping shaping;

  @BeforeEach
  void setUp() {
    Templar templar = Templar.create(new Environment(Map.of(), dir, "tester"), dir);
    shaping = new ResultShaping(new Conditions(templar));
  }

  private static ResultShaping.Rules rules(List<Object> changedWhen, List<Object> failedWhen) {
    return new ResultShaping.Rules(changedWhen, failedWhen, Optional.of("out"), false, false);
  }

  private static final ModuleResult WARNED = ModuleResult.changed("").with("rc", 0).with("stdout", "WARNING: disk")
      .with("stderr", "  low on space\n");

  @Test
  void withoutRulesTheModuleDecides() {
    Attempt attempt = shaping.judge(WARNED, rules(List.of(), List.of()), Map.of());

    assertThat(attempt.changed()).isTrue();
    assertThat(attempt.failed()).isFalse();
    assertThat(attempt.registered()).isEqualTo(WARNED.registered());
  }

  @Test
  void changedWhenAndFailedWhenReadTheResultUnderItsRegisterName() {
    Attempt attempt = shaping.judge(WARNED, rules(List.of(false), List.of("'WARNING' in out.stdout", "out.rc == 0")),
        Map.of());

    assertThat(attempt.changed()).isFalse();
    assertThat(attempt.failed()).isTrue();
    assertThat(attempt.registered()).containsEntry("changed", false).containsEntry("failed", true);
    assertThat(attempt.message()).as("a failure without a message shows stderr").isEqualTo("low on space");
  }

  @Test
  void aSkipTheModuleReportsCountsOnlyIfTheTaskDidNotFail() {
    ModuleResult skipped = ModuleResult.ok("skipped in check mode").with("skipped", true);

    assertThat(shaping.judge(skipped, rules(List.of(), List.of()), Map.of()).skipped()).isTrue();
    assertThat(shaping.judge(skipped, rules(List.of(), List.of(true)), Map.of()).skipped()).isFalse();
  }

  @Test
  void ignoreErrorsMakesAFailureIgnored() {
    Attempt failed = new Attempt(Map.of(), true, true, false, "boom");
    ResultShaping.Rules ignoring = new ResultShaping.Rules(List.of(), List.of(), Optional.empty(), true, false);

    assertThat(ResultShaping.status(failed, ignoring)).isEqualTo(Status.IGNORED);
    assertThat(ResultShaping.status(failed, rules(List.of(), List.of()))).isEqualTo(Status.FAILED);
    assertThat(ResultShaping.status(new Attempt(Map.of(), true, false, true, ""), ignoring)).isEqualTo(Status.SKIPPED);
    assertThat(ResultShaping.status(new Attempt(Map.of(), true, false, false, ""), ignoring)).isEqualTo(Status.CHANGED);
    assertThat(ResultShaping.status(new Attempt(Map.of(), false, false, false, ""), ignoring)).isEqualTo(Status.OK);
  }

  @Test
  void noLogShowsOnlyWhetherItChangedOrFailed() {
    ResultShaping.Rules hiding = new ResultShaping.Rules(List.of(), List.of(), Optional.empty(), false, true);
    Attempt secret = new Attempt(Map.of("stdout", "s3cret", "changed", true), true, true, false, "s3cret leaked");

    Attempt shown = ResultShaping.shown(secret, hiding);

    assertThat(shown.registered()).containsExactlyInAnyOrderEntriesOf(Map.of("changed", true, "failed", true,
        "censored", ResultShaping.HIDDEN));
    assertThat(shown.message()).isEqualTo(ResultShaping.HIDDEN);
    assertThat(ResultShaping.shown(new Attempt(Map.of(), false, false, false, ""), hiding).message()).isEmpty();
    assertThat(ResultShaping.shown(secret, rules(List.of(), List.of()))).isSameAs(secret);
  }
}
