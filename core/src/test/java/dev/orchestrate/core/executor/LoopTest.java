package dev.orchestrate.core.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each item's variables and the result the items make, with and without loop_control. */
class LoopTest {
  private static Attempt ok(boolean changed) {
    return new Attempt(Map.of("changed", changed), changed, false, false, "");
  }

  @Test
  void anItemIsItemUnlessLoopControlNamesIt() {
    Map<String, Object> task = Map.of("colour", "blue");

    assertThat(new Loop(Optional.empty(), Optional.empty()).variables(task, "kiwi", 0))
        .containsExactly(Map.entry("colour", "blue"), Map.entry("item", "kiwi"));
    assertThat(new Loop(Optional.of("fruit"), Optional.of("position")).variables(task, "lime", 1))
        .containsExactly(Map.entry("colour", "blue"), Map.entry("fruit", "lime"), Map.entry("position", 1L));
  }

  @Test
  void eachResultCarriesItsItemAndWithIndexVarItsPosition() {
    Loop loop = new Loop(Optional.of("fruit"), Optional.of("position"));

    Attempt all = loop.combine(List.of("kiwi", "lime"), List.of(ok(false), ok(true)));

    assertThat(all.registered().get("results")).asList().containsExactly(
        Map.of("changed", false, "fruit", "kiwi", "ansible_loop_var", "fruit", "position", 0L,
            "ansible_index_var", "position"),
        Map.of("changed", true, "fruit", "lime", "ansible_loop_var", "fruit", "position", 1L,
            "ansible_index_var", "position"));
    assertThat(all.registered()).containsEntry("changed", true).containsEntry("failed", false)
        .containsEntry("skipped", false).containsEntry("msg", "All items completed");
    assertThat(all.changed()).isTrue();
    assertThat(all.message()).isEmpty();
  }

  @Test
  void oneFailedItemFailsTheLoop() {
    Attempt failed = new Attempt(Map.of("failed", true), false, true, false, "boom");

    Attempt all = new Loop(Optional.empty(), Optional.empty()).combine(List.of(1, 2), List.of(ok(false), failed));

    assertThat(all.failed()).isTrue();
    assertThat(all.message()).isEqualTo("One or more items failed");
    assertThat(all.registered()).containsEntry("msg", "One or more items failed");
  }

  @Test
  void aLoopIsSkippedOnlyWhenItHadItemsAndEveryOneWasSkipped() {
    Loop loop = new Loop(Optional.empty(), Optional.empty());

    assertThat(loop.combine(List.of(1, 2), List.of(Attempt.skipped("x"), Attempt.skipped("x"))).skipped()).isTrue();
    assertThat(loop.combine(List.of(1, 2), List.of(Attempt.skipped("x"), ok(false))).skipped()).isFalse();
    assertThat(loop.combine(List.of(), List.of()).skipped()).isFalse();
  }

  @Test
  void aLoopMustGiveAList() {
    assertThat(Loop.items(List.of("a"))).isEqualTo(List.of("a"));
    assertThatThrownBy(() -> Loop.items(Map.of("a", 1))).hasMessage("'loop' must give a list, not a mapping");
    assertThatThrownBy(() -> Loop.items(null)).hasMessage("'loop' must give a list, not nothing");
    assertThatThrownBy(() -> Loop.items("a,b")).hasMessage("'loop' must give a list, not 'a,b'");
  }
}
