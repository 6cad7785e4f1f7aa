package dev.orchestrate.core.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrate.core.diagnostic.SourcePosition;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.StandardModules;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskTest {
  private static Task parsed(String task) {
    Playbook playbook = PlaybookParser.create(StandardModules.registry()).parse("- hosts: all\n  tasks:\n"
        + task.indent(4), Path.of("site.yml")).orThrow();
    return playbook.plays().get(0).tasks().get(0);
  }

  /** A key the builder is not given is as the parser reads it from a task that does not write it. */
  @Test
  void aTaskBuiltFromItsNameAndModuleIsTheParsedTaskThatWritesNoOtherKey() {
    Task task = parsed("""
        - name: Say hello
          debug:
        """);

    assertThat(task).isEqualTo(Task.builder("Say hello", "debug").position(new SourcePosition(3, 7)).build());
  }

  @Test
  void eachKeyGivenToTheBuilderIsTheKeyTheParserReads() {
    Task task = parsed("""
        - name: Uptime
          command: uptime
          register: up
          changed_when: false
          failed_when: up.rc != 0
          until: up.rc == 0
          retries: 3
          delay: 1
          when: port == 8090
          loop: "{{ groups['all'] }}"
          loop_control: {loop_var: peer, index_var: i}
          ignore_errors: true
          tags: [check]
          no_log: true
          run_once: true
          delegate_to: localhost
          timeout: 30
          vars: {port: 8090}
        """);

    assertThat(task).isEqualTo(Task.builder("Uptime", "command")
        .position(new SourcePosition(3, 7))
        .arguments(Map.of(ModuleCall.FREE_FORM, "uptime"))
        .when(List.of("port == 8090"))
        .register(Optional.of("up"))
        .changedWhen(List.of(false))
        .failedWhen(List.of("up.rc != 0"))
        .until(List.of("up.rc == 0"))
        .retries(Optional.of(3L))
        .delay(Optional.of(1L))
        .loop(Optional.of("{{ groups['all'] }}"))
        .loopVar(Optional.of("peer"))
        .ignoreErrors(true)
        .tags(List.of("check"))
        .noLog(true)
        .runOnce(true)
        .delegateTo(Optional.of("localhost"))
        .timeout(Optional.of(30L))
        .vars(Map.of("port", 8090L))
        .indexVar(Optional.of("i"))
        .build());
  }

  @Test
  void aBuiltTaskIsAtTheStartOfNoFileUnlessToldWhere() {
    assertThat(Task.builder("Say hello", "debug").build().position()).isEqualTo(SourcePosition.START);
  }

  @Test
  void theBuilderChecksWhatTheRecordChecks() {
    assertThatThrownBy(() -> Task.builder("Say hello", "debug").register(null).build())
        .isInstanceOf(NullPointerException.class).hasMessage("register");
  }
}
