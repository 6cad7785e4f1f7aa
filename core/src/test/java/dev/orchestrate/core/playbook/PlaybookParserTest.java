package dev.orchestrate.core.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.diagnostic.Diagnostic;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.StandardModules;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlaybookParserTest {
  private static PlaybookParser.Result parse(String yaml) {
    return PlaybookParser.create(StandardModules.registry()).parse(yaml, Path.of("site.yml"));
  }

  private static List<String> errors(String yaml) {
    return parse(yaml).diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::toString).toList();
  }

  @Test
  void readsAnAnsiblePlaybookWithEveryTaskKey() {
    Playbook playbook = parse("""
        - name: Restart
          hosts: confluence:!first
          serial: [1, "50%"]
          any_errors_fatal: yes
          max_fail_percentage: 20
          gather_facts: false
          vars:
            port: 8090
          tasks:
            - name: Uptime
              ansible.builtin.command: uptime
              args:
                chdir: /tmp
              register: up
              changed_when: false
              failed_when: up.rc != 0
              until: up.rc == 0
              retries: 3
              delay: 1
              when:
                - port == 8090
                - inventory_hostname != 'node9'
              loop: "{{ groups['confluence'] }}"
              loop_control:
                loop_var: peer
              ignore_errors: true
              tags: [check]
              no_log: true
              run_once: true
              delegate_to: localhost
              timeout: 30
        """).orThrow();
    Play play = playbook.plays().get(0);
    assertThat(play.hosts()).isEqualTo("confluence:!first");
    assertThat(play.serial()).containsExactly("1", "50%");
    assertThat(play.anyErrorsFatal()).isTrue();
    assertThat(play.maxFailPercentage().getAsDouble()).isEqualTo(20.0);
    assertThat(play.vars()).containsEntry("port", 8090L);
    Task task = play.tasks().get(0);
    assertThat(task.module()).isEqualTo("command");
    assertThat(task.arguments()).containsEntry(ModuleCall.FREE_FORM, "uptime").containsEntry("chdir", "/tmp");
    assertThat(task.register()).contains("up");
    assertThat(task.changedWhen()).containsExactly(false);
    assertThat(task.when()).hasSize(2);
    assertThat(task.loopVar()).contains("peer");
    assertThat(task.ignoreErrors() && task.noLog() && task.runOnce()).isTrue();
    assertThat(task.delegateTo()).contains("localhost");
    assertThat(task.retries()).contains(3L);
  }

  @Test
  void namesAnUnsupportedModuleWithWhatToUseInstead() {
    assertThat(errors("""
        - hosts: all
          tasks:
            - name: copy the home
              ansible.posix.synchronize:
                src: /a
                dest: /b
        """)).containsExactly("site.yml:4:7: error: 'ansible.posix.synchronize' is not supported; use 'sync'");
  }

  @Test
  void reportsEveryProblemAtOnceWithItsPosition() {
    assertThat(errors("""
        - hosts: all
          become: true
          tasks:
            - comand: uptime
            - name: two modules
              shell: echo a
              command: echo b
            - lineinfile:
                path: /etc/hosts
                lin: x
            - with_items: [1, 2]
              debug: { msg: "{{ item }}" }
        """)).containsExactly(
        "site.yml:2:3: error: 'become' is not supported in a play (set 'ssh.become: sudo' in cluster.yaml)",
        "site.yml:4:7: error: unknown task key 'comand' (did you mean 'command'?)",
        "site.yml:7:7: error: a task runs one module, but this one names 'shell' and 'command' (split it into two tasks)",
        "site.yml:10:9: error: 'lineinfile' has no argument 'lin' (did you mean 'line'?)",
        "site.yml:11:7: error: 'with_items' is not supported in a task (use 'loop')");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "hosts: all|site.yml:1:1: error: a playbook is a list of plays, not a mapping (start each play with '- hosts: ...')",
      "- tasks: []|site.yml:1:3: error: a play needs 'hosts' (for example 'hosts: confluence')",
      "- {hosts: all, serial: often, tasks: []}|site.yml:1:24: error: 'serial' is a number, a percentage such as '30%', or a list of them",
      "- {hosts: all, strategy: debug, tasks: []}|site.yml:1:26: error: strategy 'debug' is not supported (use 'linear' (the default) or 'free')",
      "- {hosts: all, tasks: [{name: x}]}|site.yml:1:24: error: this task names no module (add one, e.g. 'command: ...')",
  })
  void refusesMalformedPlays(String yaml, String expected) {
    assertThat(errors(yaml)).containsExactly(expected);
  }

  @Test
  void batchesFollowSerialAsAnsibleDoes() {
    Play play = parse("- {hosts: all, serial: [1, '50%'], tasks: [{debug: {msg: hi}}]}").orThrow().plays().get(0);
    assertThat(play.batches(List.of("a", "b", "c", "d", "e")))
        .containsExactly(List.of("a"), List.of("b", "c"), List.of("d", "e"));
    Play one = parse("- {hosts: all, serial: 1, tasks: [{debug: {msg: hi}}]}").orThrow().plays().get(0);
    assertThat(one.batches(List.of("a", "b", "c"))).containsExactly(List.of("a"), List.of("b"), List.of("c"));
    Play all = parse("- {hosts: all, tasks: [{debug: {msg: hi}}]}").orThrow().plays().get(0);
    assertThat(all.batches(List.of("a", "b"))).containsExactly(List.of("a", "b"));
    Play tiny = parse("- {hosts: all, serial: '10%', tasks: [{debug: {msg: hi}}]}").orThrow().plays().get(0);
    assertThat(tiny.batches(List.of("a", "b", "c"))).hasSize(3);
  }

  @Test
  void tellsWhichNamesAPlaybookUsesFromItsParsedValues() {
    Playbook plain = parse("""
        # reads no facts, though this comment says facts
        - hosts: confluence
          gather_facts: false
          tasks:
            - command: echo facts_of_life
            - {command: /bin/true, when: not my_facts}
        """).orThrow();
    assertThat(plain.mentions(java.util.Set.of("facts", "new_nodes"))).isFalse();

    Playbook byGroup = parse("- {hosts: new_nodes, tasks: [{command: uptime}]}").orThrow();
    assertThat(byGroup.mentions(java.util.Set.of("facts", "new_nodes"))).isTrue();
    Playbook byCondition = parse("""
        - hosts: all
          tasks:
            - debug: {msg: hi}
              when: facts.state == 'RUNNING'
        """).orThrow();
    assertThat(byCondition.mentions(java.util.Set.of("facts"))).isTrue();
    Playbook byLoop = parse("- {hosts: all, tasks: [{debug: {msg: '{{ item }}'}, loop: \"{{ groups['stopped_nodes'] }}\"}]}")
        .orThrow();
    assertThat(byLoop.mentions(java.util.Set.of("stopped_nodes"))).isTrue();
    assertThat(byLoop.mentions(java.util.Set.of("facts"))).isFalse();

    Playbook restart = parse("""
        - hosts: all
          tasks:
            - confluence_service: {state: restarted, install_dir: /opt/c, local_home: /var/c, status_url: http://x/status}
        """).orThrow();
    assertThat(restart.runs("confluence_service", "state", "restarted")).isTrue();
    assertThat(restart.runs("confluence_service", "state", "stopped")).isFalse();
    assertThat(plain.runs("confluence_service", "state", "restarted")).isFalse();
  }
}
