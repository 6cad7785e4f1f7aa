package dev.orchestrate.core.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.executor.TaskOutcome.Status;
import dev.orchestrate.core.journal.ClusterState;
import dev.orchestrate.core.journal.Journal;
import dev.orchestrate.core.journal.JournalReader;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.LocalTransport;
import dev.orchestrate.core.transport.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor keeps Ansible's meaning: order, batches, conditions, results and failure rules. */
class ExecutorTest {
  @TempDir
  Path dir;

  private static Map<String, Status> statuses(RunSummary summary, int task) {
    Map<String, Status> byNode = new java.util.TreeMap<>();
    summary.outcomes().stream().filter(o -> o.vertex().phase() == 0 && o.vertex().task() == task).forEach(o -> byNode.put(o.node(), o.status()));
    return byNode;
  }

  @Test
  void aLinearPlayFinishesEachTaskOnEveryNodeBeforeTheNext() {
    LocalRun run = new LocalRun(dir, "node1", "node2", "node3");
    RunSummary summary = run.run("""
        - hosts: confluence
          tasks:
            - shell: "sleep 0.{{ 3 - groups['confluence'].index(inventory_hostname) }}; echo one {{ inventory_hostname }} >> LOG"
            - shell: "echo two {{ inventory_hostname }} >> LOG"
        """);
    assertThat(summary.exitCode()).isEqualTo(ExitCode.OK);
    List<String> log = run.log();
    assertThat(log).hasSize(6);
    assertThat(log.subList(0, 3)).allMatch(l -> l.startsWith("one"));
    assertThat(log.subList(3, 6)).allMatch(l -> l.startsWith("two"));
  }

  @Test
  void serialRunsEachBatchThroughEveryTaskBeforeTheNextBatch() {
    LocalRun run = new LocalRun(dir, "node1", "node2", "node3");
    run.run("""
        - hosts: confluence
          serial: 1
          tasks:
            - shell: "echo one {{ inventory_hostname }} >> LOG"
            - shell: "echo two {{ inventory_hostname }} >> LOG"
        """);
    assertThat(run.log()).containsExactly("one node1", "two node1", "one node2", "two node2", "one node3", "two node3");
  }

  @Test
  void aFailedNodeRunsNothingMoreWhileTheOthersGoOn() {
    LocalRun run = new LocalRun(dir, "node1", "node2", "node3");
    RunSummary summary = run.run("""
        - hosts: confluence
          tasks:
            - command: "{{ 'false' if inventory_hostname == 'node2' else 'true' }}"
            - shell: "echo two {{ inventory_hostname }} >> LOG"
        - hosts: confluence
          tasks:
            - shell: "echo three {{ inventory_hostname }} >> LOG"
        """);
    assertThat(summary.exitCode()).isEqualTo(ExitCode.TASK_FAILED);
    assertThat(run.log()).containsExactlyInAnyOrder("two node1", "two node3", "three node1", "three node3");
    assertThat(statuses(summary, 0)).containsEntry("node2", Status.FAILED).containsEntry("node1", Status.CHANGED);
    TaskOutcome failed = summary.outcomes().stream().filter(o -> o.status() == Status.FAILED).findFirst().orElseThrow();
    assertThat(failed.message()).isEqualTo("non-zero return code");
    assertThat(failed.result()).containsEntry("rc", 1);
  }

  @Test
  void anyErrorsFatalStopsEveryNodeAtTheEndOfTheFailedTask() {
    LocalRun run = new LocalRun(dir, "node1", "node2", "node3");
    RunSummary summary = run.run("""
        - hosts: confluence
          any_errors_fatal: true
          tasks:
            - shell: "echo one {{ inventory_hostname }} >> LOG; test {{ inventory_hostname }} != node3"
            - shell: "echo two {{ inventory_hostname }} >> LOG"
        """);
    assertThat(run.log()).containsExactlyInAnyOrder("one node1", "one node2", "one node3");
    assertThat(summary.stoppedBecause()).hasValueSatisfying(why -> assertThat(why).contains("any_errors_fatal", "node3"));
    assertThat(statuses(summary, 1)).containsOnly(Map.entry("node1", Status.NOT_RUN), Map.entry("node2", Status.NOT_RUN),
        Map.entry("node3", Status.NOT_RUN));
  }

  @Test
  void aBatchThatFailsWholeStopsTheRun() {
    LocalRun run = new LocalRun(dir, "node1", "node2", "node3");
    RunSummary summary = run.run("""
        - hosts: confluence
          serial: 1
          tasks:
            - shell: "echo one {{ inventory_hostname }} >> LOG; test {{ inventory_hostname }} != node2"
        """);
    assertThat(run.log()).containsExactly("one node1", "one node2");
    assertThat(summary.stoppedBecause()).hasValueSatisfying(why -> assertThat(why).contains("every node of the batch failed"));
  }

  @Test
  void maxFailPercentageStopsWhenMoreNodesFailThanAllowed() {
    LocalRun run = new LocalRun(dir, "node1", "node2", "node3", "node4");
    RunSummary summary = run.run("""
        - hosts: confluence
          max_fail_percentage: 25
          tasks:
            - command: "{{ 'false' if inventory_hostname in ['node1', 'node2'] else 'true' }}"
            - shell: "echo two {{ inventory_hostname }} >> LOG"
        """);
    assertThat(run.log()).isEmpty();
    assertThat(summary.stoppedBecause()).hasValueSatisfying(why -> assertThat(why).contains("2 of 4", "max_fail_percentage"));
  }

  @Test
  void registerWhenLoopAndSetFactWorkAsInAnsible() {
    LocalRun run = new LocalRun(dir, "node1", "node2");
    RunSummary summary = run.run("""
        - hosts: confluence
          vars:
            greeting: "{{ lookup('env', 'GREETING') }}"
          tasks:
            - command: echo {{ greeting }} {{ inventory_hostname }}
              register: said
              changed_when: false
            - set_fact:
                loud: "{{ said.stdout | upper }}"
            - shell: "echo {{ loud }} >> LOG"
              when: said.stdout_lines[0].endswith('node2')
            - shell: "echo {{ item }} from {{ inventory_hostname }} >> LOG"
              loop: "{{ [1, 2] }}"
              when: item > 1
            - shell: "echo peer {{ hostvars['node2'].loud }} >> LOG"
              when: inventory_hostname == 'node1'
        """);
    assertThat(summary.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(run.log()).containsExactlyInAnyOrder("HELLO NODE2", "2 from node1", "2 from node2", "peer HELLO NODE2");
    assertThat(statuses(summary, 0)).containsEntry("node1", Status.OK);
    assertThat(statuses(summary, 2)).containsEntry("node1", Status.SKIPPED).containsEntry("node2", Status.CHANGED);
  }

  @Test
  void setFactAndRegisteredResultsOutrankTaskVarsAsInAnsible() {
    LocalRun run = new LocalRun(dir, "node1");
    RunSummary summary = run.run("""
        - hosts: confluence
          vars:
            colour: blue
          tasks:
            - shell: "echo {{ colour }} >> LOG"
              vars:
                colour: green
            - set_fact:
                colour: red
            - shell: "echo {{ colour }} >> LOG"
              vars:
                colour: purple
        """);
    assertThat(summary.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(run.log()).containsExactly("green", "red");
  }

  @Test
  void indexVarNumbersTheItemsFromZeroAndIsInEachResult() {
    LocalRun run = new LocalRun(dir, "node1");
    RunSummary summary = run.run("""
        - hosts: confluence
          tasks:
            - shell: "echo {{ position }}={{ fruit }} >> LOG"
              loop: [kiwi, lime]
              loop_control:
                loop_var: fruit
                index_var: position
              register: written
            - shell: "echo {{ written.results | map(attribute='position') | join(',') }} {{
                written.results | map(attribute='fruit') | join(',') }} >> LOG"
        """);
    assertThat(summary.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(run.log()).containsExactly("0=kiwi", "1=lime", "0,1 kiwi,lime");
  }

  @Test
  void untilRetriesUntilTheConditionHolds() {
    LocalRun run = new LocalRun(dir, "node1");
    RunSummary summary = run.run("""
        - hosts: confluence
          tasks:
            - shell: "echo x >> LOG; wc -l < LOG"
              register: count
              until: count.stdout | int >= 3
              retries: 5
              delay: 0
            - shell: "echo never"
              register: never
              until: never.stdout == 'ever'
              retries: 1
              delay: 0
        """);
    assertThat(run.log()).hasSize(3);
    TaskOutcome second = summary.outcomes().get(1);
    assertThat(second.status()).isEqualTo(Status.FAILED);
    assertThat(second.message()).startsWith("Retried 2 times");
    assertThat(summary.outcomes().get(0).result()).containsEntry("attempts", 3);
  }

  @Test
  void failedWhenIgnoreErrorsAndAssert() {
    LocalRun run = new LocalRun(dir, "node1");
    RunSummary summary = run.run("""
        - hosts: confluence
          tasks:
            - command: echo WARNING
              register: out
              failed_when: "'WARNING' in out.stdout"
              ignore_errors: true
            - assert:
                that:
                  - out is failed
                  - out.rc == 0
            - assert:
                that: out.rc == 1
                fail_msg: rc was {{ out.rc }}
        """);
    assertThat(summary.outcomes()).extracting(TaskOutcome::status)
        .containsExactly(Status.IGNORED, Status.OK, Status.FAILED);
    assertThat(summary.outcomes().get(2).message()).isEqualTo("rc was 0");
  }

  @Test
  void runOnceRunsOnTheFirstNodeAndEveryNodeSeesTheResult() {
    LocalRun run = new LocalRun(dir, "node1", "node2", "node3");
    run.run("""
        - hosts: confluence
          tasks:
            - shell: "echo once {{ inventory_hostname }} >> LOG; echo token"
              register: shared
              run_once: true
            - shell: "echo {{ inventory_hostname }} saw {{ shared.stdout }} >> LOG"
        """);
    assertThat(run.log()).first().isEqualTo("once node1");
    assertThat(run.log()).containsOnlyOnce("once node1").contains("node2 saw token", "node3 saw token");
  }

  @Test
  void noLogHidesTheResultAndAStrategyFreePlayLetsNodesRunOn() {
    LocalRun run = new LocalRun(dir, "node1", "node2");
    RunSummary summary = run.run("""
        - hosts: confluence
          strategy: free
          tasks:
            - shell: "{{ 'sleep 1; ' if inventory_hostname == 'node1' else '' }}echo one {{ inventory_hostname }} >> LOG"
            - shell: "echo two {{ inventory_hostname }} >> LOG; echo s3cret"
              no_log: true
        """);
    assertThat(run.log()).startsWith("one node2", "two node2");
    assertThat(summary.outcomes().get(3).result().toString()).doesNotContain("s3cret");
  }

  @Test
  void dryRunChangesNothing() {
    LocalRun run = new LocalRun(dir, "node1");
    RunSummary summary = run.run("""
        - hosts: confluence
          tasks:
            - shell: "echo one >> LOG"
            - file:
                path: LOG.d
                state: directory
        """, new dev.orchestrate.core.transport.LocalTransport(), true);
    assertThat(run.log()).isEmpty();
    assertThat(dir.resolve("log.d")).doesNotExist();
    assertThat(summary.outcomes()).extracting(TaskOutcome::status).containsExactly(Status.SKIPPED, Status.CHANGED);
  }

  @Test
  void aModuleThatChecksFirstRunsAgainAfterALostConnectionACommandDoesNot() {
    java.util.concurrent.atomic.AtomicInteger drops = new java.util.concurrent.atomic.AtomicInteger(2);
    dev.orchestrate.core.transport.LocalTransport local = new dev.orchestrate.core.transport.LocalTransport();
    dev.orchestrate.core.transport.Transport flaky = new dev.orchestrate.core.transport.Transport() {
      @Override
      public void connect(java.util.Collection<dev.orchestrate.core.transport.Host> hosts) {}

      @Override
      public dev.orchestrate.core.transport.CommandResult run(dev.orchestrate.core.transport.Host host,
          dev.orchestrate.core.transport.Command command) {
        if (drops.getAndDecrement() > 0) {
          throw new dev.orchestrate.core.transport.ConnectionLostException(host.name(), "the connection dropped", null);
        }
        return local.run(host, command);
      }

      @Override
      public void upload(dev.orchestrate.core.transport.Host host, dev.orchestrate.core.topology.RemotePath target,
          byte[] content, int mode) {
        local.upload(host, target, content, mode);
      }

      @Override
      public java.util.Optional<byte[]> download(dev.orchestrate.core.transport.Host host,
          dev.orchestrate.core.topology.RemotePath source, int maxBytes) {
        return local.download(host, source, maxBytes);
      }

      @Override
      public dev.orchestrate.core.transport.CopyReport copyTree(dev.orchestrate.core.transport.Host source,
          dev.orchestrate.core.topology.RemotePath from, dev.orchestrate.core.transport.Host target,
          dev.orchestrate.core.topology.RemotePath to, dev.orchestrate.core.transport.CopyListener listener) {
        return local.copyTree(source, from, target, to, listener);
      }

      @Override
      public void close() {}
    };
    LocalRun run = new LocalRun(dir, "node1");
    RunSummary summary = run.run("""
        - hosts: confluence
          tasks:
            - file:
                path: LOG.d
                state: directory
            - command: "true"
        """, flaky, false);
    assertThat(dir.resolve("log.d")).isDirectory();
    assertThat(summary.outcomes().get(0).status()).isEqualTo(Status.CHANGED);

    drops.set(1);
    RunSummary again = new LocalRun(dir, "node1").run("""
        - hosts: confluence
          tasks:
            - command: "true"
        """, flaky, false);
    assertThat(again.outcomes().get(0).status()).isEqualTo(Status.FAILED);
    assertThat(again.outcomes().get(0).message()).contains("the connection dropped");
  }

  @Test
  void aResumedWalkGivesARunOnceResultToEveryNodeOfTheBatchAsTheFirstWalkDid() throws Exception {
    String yaml = """
        - hosts: confluence
          tasks:
            - shell: "date +%N"
              register: stamp
              run_once: true
            - set_fact:
                chosen: "{{ inventory_hostname }}"
              run_once: true
            - shell: "echo {{ inventory_hostname }} {{ stamp.stdout }} {{ chosen }} >> LOG; test -f LOG.gate"
        """;
    LocalTransport local = new LocalTransport();
    ClusterState state = new ClusterState(new Host("node1", "127.0.0.1", LocalRun.SSH),
        RemotePath.of(dir.resolve("state").toString()));
    LocalRun run = new LocalRun(dir, "node1", "node2");
    run.configured((executor, graph) -> executor.recording(Journal.open(local, state, "run-1",
        Map.of("command", "apply"), false, UnaryOperator.identity()).keepingResultsOf(Executor.registering(graph))))
        .run(yaml);
    Files.writeString(dir.resolve("log.gate"), "");
    JournalReader.PastRun past = JournalReader.read(local, state, "run-1").orElseThrow();

    RunSummary again = run.configured((executor, graph) -> executor.resuming(past.done()).seeding(past.registered()))
        .run(yaml);

    assertThat(again.exitCode()).isEqualTo(ExitCode.OK);
    List<String> first = run.log().subList(0, 2);
    assertThat(run.log().subList(2, 4)).as("the same stamp and fact on both nodes as in the first walk")
        .containsExactlyInAnyOrderElementsOf(first);
    assertThat(first).allSatisfy(line -> assertThat(line).endsWith(" node1"));
  }

  @Test
  void aResumedWalkGivesTheTasksAfterTheFinishedOnesWhatTheyRegistered() throws Exception {
    String yaml = """
        - hosts: confluence
          tasks:
            - command: echo hidden
              register: hidden
              no_log: true
            - shell: "date +%N"
              register: stamp
              changed_when: false
            - set_fact:
                seen: "{{ stamp.stdout }}"
            - shell: "echo {{ stamp.stdout }} {{ seen }} >> LOG; test -f LOG.gate"
        """;
    LocalTransport local = new LocalTransport();
    ClusterState state = new ClusterState(new Host("node1", "127.0.0.1", LocalRun.SSH),
        RemotePath.of(dir.resolve("state").toString()));
    LocalRun run = new LocalRun(dir, "node1");
    RunSummary first = run.configured((executor, graph) -> executor.recording(Journal.open(local, state, "run-1",
        Map.of("command", "apply"), false, UnaryOperator.identity()).keepingResultsOf(Executor.registering(graph))))
        .run(yaml);
    assertThat(first.exitCode()).isEqualTo(ExitCode.TASK_FAILED);
    Files.writeString(dir.resolve("log.gate"), "");
    JournalReader.PastRun past = JournalReader.read(local, state, "run-1").orElseThrow();

    RunSummary again = run.configured((executor, graph) -> executor.resuming(past.done()).seeding(past.registered()))
        .run(yaml);

    assertThat(again.exitCode()).isEqualTo(ExitCode.OK);
    List<String> log = run.log();
    assertThat(log).hasSize(2);
    String[] stamps = log.get(0).split(" ");
    assertThat(stamps[0]).isNotBlank().isEqualTo(stamps[1]);
    assertThat(log.get(1)).as("the stamp of the first walk, not a new one").isEqualTo(log.get(0));
    assertThat(past.registered()).as("the no_log task's result is not kept")
        .containsOnlyKeys(first.outcomes().get(1).vertex().id(), first.outcomes().get(2).vertex().id());
  }

  @Test
  void aJournalThatCannotBeWrittenStopsTheWalkAndTheRunningTasksEndRecorded() throws Exception {
    LocalTransport local = new LocalTransport();
    Transport fullDisk = new FailingJournal(local, script -> script.contains("\"type\":\"end\"")
        && script.contains("\"node\":\"node2\""));
    ClusterState state = new ClusterState(new Host("node1", "127.0.0.1", LocalRun.SSH),
        RemotePath.of(dir.resolve("state").toString()));
    LocalRun run = new LocalRun(dir, "node1", "node2", "node3");

    RunSummary summary = run.configured((executor, graph) -> executor.recording(Journal.open(fullDisk, state, "run-1",
        Map.of("command", "apply"), false, UnaryOperator.identity()))).run("""
        - hosts: confluence
          tasks:
            - shell: "{{ '' if inventory_hostname == 'node2' else 'sleep 1; ' }}echo one {{ inventory_hostname }} >> LOG"
            - shell: "echo two {{ inventory_hostname }} >> LOG"
        """);

    assertThat(summary.exitCode()).isEqualTo(ExitCode.TASK_FAILED);
    assertThat(summary.stoppedBecause()).hasValueSatisfying(why -> assertThat(why).contains("cannot write the journal",
        "No space left on device"));
    assertThat(run.log()).containsExactlyInAnyOrder("one node1", "one node2", "one node3");
    assertThat(statuses(summary, 0)).containsEntry("node1", Status.CHANGED).containsEntry("node2", Status.FAILED)
        .containsEntry("node3", Status.CHANGED);
    assertThat(statuses(summary, 1)).containsOnly(Map.entry("node1", Status.NOT_RUN), Map.entry("node2", Status.NOT_RUN),
        Map.entry("node3", Status.NOT_RUN));
    JournalReader.PastRun journaled = JournalReader.read(local, state, "run-1").orElseThrow();
    assertThat(journaled.done()).as("the tasks running when the journal failed ended recorded").hasSize(2);
    assertThat(journaled.interrupted()).singleElement().asString().endsWith("node2");
  }

  /** This machine, where writing a journal line that {@code fails} matches ends as on a full disk. */
  private record FailingJournal(LocalTransport local, java.util.function.Predicate<String> fails) implements Transport {
    @Override
    public void connect(java.util.Collection<Host> hosts) {}

    @Override
    public CommandResult run(Host host, Command command) {
      if (fails.test(command.script())) {
        return new CommandResult(1, "", "No space left on device", false, java.time.Duration.ZERO);
      }
      return local.run(host, command);
    }

    @Override
    public void upload(Host host, RemotePath target, byte[] content, int mode) {
      local.upload(host, target, content, mode);
    }

    @Override
    public java.util.Optional<byte[]> download(Host host, RemotePath source, int maxBytes) {
      return local.download(host, source, maxBytes);
    }

    @Override
    public dev.orchestrate.core.transport.CopyReport copyTree(Host source, RemotePath from, Host target, RemotePath to,
        dev.orchestrate.core.transport.CopyListener listener) {
      return local.copyTree(source, from, target, to, listener);
    }

    @Override
    public void close() {}
  }
}
