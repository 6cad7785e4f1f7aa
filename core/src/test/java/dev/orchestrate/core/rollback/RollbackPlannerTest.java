package dev.orchestrate.core.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.journal.JournalReader;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.playbook.Play;
import dev.orchestrate.core.playbook.Playbook;
import dev.orchestrate.core.playbook.Task;
import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.topology.TopologyLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RollbackPlannerTest {
  private static final String RUN = "20240101T000000-s2dc";
  private static final Topology TOPOLOGY = TopologyLoader.create(new Environment(
      Map.of("LICENSE", "license", "DB_PASSWORD", "password"), Path.of("/nonexistent-home"), "tester")).load("""
      cluster: {name: wiki}
      confluence:
        sharedHome: /media/shared
        license: {env: LICENSE}
      database: {url: "jdbc:postgresql://db:5432/confluence", username: confluence, passwordEnv: DB_PASSWORD}
      nodes:
        - {name: node1, host: node1.wiki.internal}
        - {name: node2, host: node2.wiki.internal}
        - {name: node3, host: node3.wiki.internal}
      """, Path.of("cluster.yaml")).orThrow();

  private static final Map<String, Object> CONFIG = Map.of("kind", "restore_file",
      "path", "/var/atlassian/application-data/confluence/confluence.cfg.xml",
      "backup", "/var/atlassian/application-data/confluence/confluence.cfg.xml.orchestrate-" + RUN,
      "sha256_before", "a".repeat(64), "sha256_after", "b".repeat(64));
  private static final Map<String, Object> MOVE = Map.of("kind", "move",
      "src", "/var/atlassian/application-data/confluence/shared-home", "dest", "/media/shared", "contents", true,
      "entries", List.of("attachments", "config"));
  private static final Map<String, Object> COPY_TO_NODE2 = Map.of("kind", "remove_copy",
      "path", "/opt/atlassian/confluence");
  private static final Map<String, Object> COPY_TO_NODE3 = Map.of("kind", "remove_copy",
      "path", "/var/atlassian/application-data/confluence");
  private static final Map<String, Object> SETENV = Map.of("kind", "restore_file",
      "path", "/opt/atlassian/confluence/bin/setenv.sh",
      "backup", "/opt/atlassian/confluence/bin/setenv.sh.orchestrate-" + RUN);
  private static final Map<String, Object> CREATED = Map.of("kind", "remove_file",
      "path", "/var/atlassian/application-data/confluence/cluster.properties", "sha256_after", "c".repeat(64));
  private static final Map<String, Object> BACKUP = Map.of("kind", "backup",
      "archive", "/var/atlassian/application-data/orchestrate-backups/" + RUN + ".tar.gz",
      "manifest", "/var/atlassian/application-data/orchestrate-backups/" + RUN + ".sha256",
      "src", "/var/atlassian/application-data/confluence");

  /** Server to Data Center on three nodes: node1 stopped, changed, started, restarted; node2 and node3 copied and started. */
  private static JournalReader.PastRun serverToDataCenter() {
    List<Map<String, Object>> ends = new ArrayList<>();
    ends.add(end("node1", "Read the node's clock", Map.of()));
    ends.add(end("node1", "Stop Confluence", service("node1", "running")));
    ends.add(end("node1", "Back up the local home", BACKUP));
    ends.add(end("node1", "Point the cluster at the shared home", CONFIG));
    ends.add(end("node1", "Move the shared home", MOVE));
    ends.add(end("node1", "Start Confluence", service("node1", "stopped")));
    ends.add(end("node1", "Stop Confluence before the cluster joins", service("node1", "running")));
    ends.add(end("node3", "Copy the installation", COPY_TO_NODE3));
    ends.add(end("node2", "Copy the installation", COPY_TO_NODE2));
    ends.add(end("node1", "Write the cluster files", Map.of("items", List.of(SETENV, CREATED))));
    ends.add(end("node1", "Start Confluence as the first cluster node", service("node1", "stopped")));
    ends.add(end("node3", "Start Confluence", service("node3", "stopped")));
    ends.add(end("node2", "Start Confluence", service("node2", "stopped")));
    return past(ends);
  }

  @Test
  void stopsThenUndoesNewestFirstThenStartsWhatRanThenVerifies() {
    Playbook playbook = RollbackPlanner.plan(TOPOLOGY, serverToDataCenter());

    List<Play> plays = playbook.plays();
    assertThat(plays).extracting(Play::hosts).containsExactly(
        "node1:node2:node3",
        "node1", "node1", "node2", "node3", "node1", "node1",
        "node1",
        "node1");
    assertThat(task(plays.get(0)).module()).isEqualTo("confluence_service");
    assertThat(task(plays.get(0)).arguments()).containsEntry("state", "stopped");
    assertThat(plays.subList(1, 7)).allSatisfy(play -> {
      assertThat(task(play).module()).isEqualTo("undo");
      assertThat(task(play).arguments()).containsEntry("run", RUN);
    });
    assertThat(plays.subList(1, 7)).extracting(play -> task(play).arguments().get("record"))
        .containsExactly(CREATED, SETENV, COPY_TO_NODE2, COPY_TO_NODE3, MOVE, CONFIG);
    assertThat(plays.get(1).name()).contains("Write the cluster files", "node1");
    assertThat(task(plays.get(7)).module()).isEqualTo("confluence_service");
    assertThat(task(plays.get(7)).arguments()).containsEntry("state", "started");
    assertThat(task(plays.get(8)).module()).isEqualTo("shell");
    assertThat(String.valueOf(task(plays.get(8)).arguments().get(ModuleCall.FREE_FORM)))
        .contains(String.valueOf(BACKUP.get("manifest")), "sha256sum -c");
    assertThat(playbook.name()).contains(RUN);
  }

  /** What a rollback plan says it does, node by node, is what the playbook does, in the same order. */
  @Test
  void saysNodeByNodeWhatThePlaybookDoes() {
    RunUndo undo = RollbackPlanner.undo(TOPOLOGY, serverToDataCenter());

    assertThat(undo.playbook()).isEqualTo(RollbackPlanner.plan(TOPOLOGY, serverToDataCenter()));
    String aside = ".orchestrate-rollback-" + RUN + " (nothing is deleted)";
    assertThat(steps(undo, "node2")).containsExactly(
        "stopped first and left stopped: it was not running before run " + RUN,
        "undo run " + RUN + ": set the copy /opt/atlassian/confluence aside as /opt/atlassian/confluence" + aside);
    assertThat(steps(undo, "node1")).containsExactly(
        "stopped first, while the files it reads are put back",
        "undo run " + RUN + ": set the created file " + CREATED.get("path") + " aside as " + CREATED.get("path") + aside,
        "undo run " + RUN + ": restore " + SETENV.get("path") + " from " + SETENV.get("backup"),
        "undo run " + RUN + ": move attachments, config back from /media/shared into " + MOVE.get("src"),
        "undo run " + RUN + ": restore " + CONFIG.get("path") + " from " + CONFIG.get("backup"),
        "started again after the undo, and waited for RUNNING",
        "check every attachment and shared-home file put back against the checksums in " + BACKUP.get("manifest"));
    assertThat(undo.steps()).filteredOn(step -> step.text().contains(": restore ")).extracting(RunUndo.Step::backup)
        .containsExactly(Optional.of(String.valueOf(SETENV.get("backup"))),
            Optional.of(String.valueOf(CONFIG.get("backup"))));
  }

  @Test
  void reliesOnEachBackupOnceTheArchiveAndTheCopiesOfEditedFiles() {
    List<Map<String, Object>> ends = new ArrayList<>(serverToDataCenter().ends());
    ends.add(end("node1", "Point the cluster at the shared home again", CONFIG));

    RunUndo undo = RollbackPlanner.undo(TOPOLOGY, past(ends));

    assertThat(undo.backups()).containsExactly(
        new BackupNeed(RUN, "node1", "archive", String.valueOf(BACKUP.get("archive")),
            String.valueOf(BACKUP.get("manifest")), ""),
        new BackupNeed(RUN, "node1", "copy", String.valueOf(CONFIG.get("backup")), String.valueOf(CONFIG.get("path")),
            "a".repeat(64)),
        new BackupNeed(RUN, "node1", "copy", String.valueOf(SETENV.get("backup")), String.valueOf(SETENV.get("path")),
            ""));
  }

  @Test
  void startsAgainOneAtATimeInTopologyOrderOnlyTheNodesWhoseFirstRecordSaysTheyRan() {
    JournalReader.PastRun run = past(List.of(
        end("node3", "Stop Confluence", service("node3", "running")),
        end("node2", "Start Confluence", service("node2", "stopped")),
        end("node2", "Stop Confluence", service("node2", "running")),
        end("node1", "Stop Confluence", service("node1", "running")),
        end("node3", "Start Confluence", service("node3", "stopped")),
        end("node1", "Start Confluence", service("node1", "stopped"))));

    List<Play> plays = RollbackPlanner.plan(TOPOLOGY, run).plays();

    assertThat(plays).extracting(Play::hosts).as("only the node the run started is stopped")
        .containsExactly("node2", "node1:node3");
    Play start = plays.get(1);
    assertThat(task(start).arguments()).containsEntry("state", "started");
    assertThat(start.batches(List.of("node1", "node3"))).containsExactly(List.of("node1"), List.of("node3"));
    assertThat(start.anyErrorsFatal()).isTrue();
  }

  @Test
  void aNodeTheTopologyDoesNotListIsInvalidInput() {
    JournalReader.PastRun run = past(List.of(
        end("node1", "Stop Confluence", service("node1", "running")),
        end("node4", "Copy the installation", COPY_TO_NODE2)));

    assertThatThrownBy(() -> RollbackPlanner.plan(TOPOLOGY, run))
        .isInstanceOfSatisfying(OrchestrateException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
        .hasMessageContaining("node4")
        .hasMessageContaining(RUN);
  }

  @Test
  void aRunThatRecordedNothingToUndoGivesAnEmptyPlaybook() {
    JournalReader.PastRun run = past(List.of(
        end("node1", "Read the node's clock", Map.of()),
        end("node2", "Check the database", Map.of()),
        end("node3", "An empty loop", Map.of("items", List.of()))));

    assertThat(RollbackPlanner.plan(TOPOLOGY, run).plays()).isEmpty();
    assertThat(RollbackPlanner.plan(TOPOLOGY, past(List.of())).plays()).isEmpty();
  }

  @Test
  void theSameJournalGivesTheSamePlaybookEveryTime() {
    Playbook first = RollbackPlanner.plan(TOPOLOGY, serverToDataCenter());
    Playbook second = RollbackPlanner.plan(TOPOLOGY, serverToDataCenter());

    assertThat(second.plays()).extracting(Play::name).containsExactlyElementsOf(
        first.plays().stream().map(Play::name).toList());
    assertThat(second.plays()).extracting(Play::hosts).containsExactlyElementsOf(
        first.plays().stream().map(Play::hosts).toList());
    assertThat(second.plays()).extracting(play -> task(play).arguments()).containsExactlyElementsOf(
        first.plays().stream().map(play -> task(play).arguments()).toList());
    assertThat(second.name()).isEqualTo(first.name());
  }

  /**
   * Add-nodes on a running cluster: node2 and node1 stopped, their peers edited, started again;
   * node3 copied and started. Its rollback stops node3 only, and puts back the peers of node1
   * and node2 one node at a time, so the cluster keeps serving.
   */
  @Test
  void aRollbackOfAddNodesStopsOnlyTheAddedNodeAndPutsBackThePeersOfTheOthersOneAtATime() {
    Map<String, Object> peers1 = peers("1");
    Map<String, Object> peers2 = peers("2");
    JournalReader.PastRun run = past(List.of(
        end("node2", "Stop Confluence", service("node2", "running")),
        end("node2", "List every node as a peer", peers2),
        end("node2", "Start Confluence", service("node2", "stopped")),
        end("node1", "Stop Confluence", service("node1", "running")),
        end("node1", "List every node as a peer", peers1),
        end("node3", "Copy the installation directory", COPY_TO_NODE2),
        end("node3", "Copy the local home", COPY_TO_NODE3),
        end("node1", "Start Confluence", service("node1", "stopped")),
        end("node3", "Start Confluence", service("node3", "stopped"))));

    List<Play> plays = RollbackPlanner.plan(TOPOLOGY, run).plays();

    assertThat(plays).extracting(Play::hosts).containsExactly("node3", "node3", "node3", "node1", "node2");
    assertThat(task(plays.get(0)).arguments()).containsEntry("state", "stopped");
    assertThat(plays.subList(1, 3)).extracting(play -> task(play).arguments().get("record"))
        .containsExactly(COPY_TO_NODE3, COPY_TO_NODE2);
    for (Play rolling : plays.subList(3, 5)) {
      assertThat(rolling.tasks()).extracting(Task::module).containsExactly("confluence_service", "undo",
          "confluence_service");
      assertThat(rolling.tasks().get(0).arguments()).containsEntry("state", "stopped");
      assertThat(rolling.tasks().get(2).arguments()).containsEntry("state", "started");
      assertThat(rolling.anyErrorsFatal()).as("a node that does not come back stops the rollback").isTrue();
    }
    assertThat(plays.get(3).tasks().get(1).arguments().get("record")).isEqualTo(peers1);
    assertThat(plays.get(4).tasks().get(1).arguments().get("record")).isEqualTo(peers2);
  }

  @Test
  void aRollingRestartIsRolledBackWithoutStoppingAnything() {
    JournalReader.PastRun run = past(List.of(
        end("node1", "Stop Confluence", service("node1", "running")),
        end("node1", "Start Confluence", service("node1", "stopped")),
        end("node2", "Stop Confluence", service("node2", "starting")),
        end("node2", "Start Confluence", service("node2", "stopped")),
        end("node3", "Stop Confluence", service("node3", "error"))));

    List<Play> plays = RollbackPlanner.plan(TOPOLOGY, run).plays();

    assertThat(plays).extracting(Play::hosts).as("node3 was in ERROR: stopped and left so; node2 was STARTING")
        .containsExactly("node3", "node1:node2");
    assertThat(task(plays.get(1)).arguments()).containsEntry("state", "started");
  }

  /** A task killed in the middle of its move left only its intent; the rollback moves back what it meant to move. */
  @Test
  void theIntentsOfATaskKilledMidWayAreUndoneToo() {
    List<Map<String, Object>> changes = List.of(
        end("node1", "Stop Confluence", service("node1", "running")),
        intent("node1", "Point the cluster at the shared home", CONFIG),
        end("node1", "Point the cluster at the shared home", CONFIG),
        intent("node1", "Move the shared home", MOVE));
    JournalReader.PastRun run = new JournalReader.PastRun(RUN, Map.of("type", "run", "run", RUN), Set.of(),
        Set.of("node1/Move the shared home"), List.of(changes.get(0), changes.get(2)), Optional.empty(), changes);

    List<Play> plays = RollbackPlanner.plan(TOPOLOGY, run).plays();

    assertThat(plays).extracting(Play::hosts).containsExactly("node1", "node1", "node1", "node1");
    assertThat(plays.subList(1, 3)).extracting(play -> task(play).arguments().get("record"))
        .as("the intent and the end record of one edit are one undo").containsExactly(MOVE, CONFIG);
    assertThat(task(plays.get(3)).arguments()).containsEntry("state", "started");
  }

  /** A move cut off, then run again by a resume that found part of it done: both attempts' entries go back. */
  @Test
  void aMoveResumedAfterAKillIsUndoneWhole() {
    Map<String, Object> rest = new LinkedHashMap<>(MOVE);
    rest.put("entries", List.of("config"));
    List<Map<String, Object>> changes = List.of(
        end("node1", "Stop Confluence", service("node1", "running")),
        intent("node1", "Move the shared home", MOVE),
        intent("node1", "Move the shared home", rest),
        end("node1", "Move the shared home", rest));
    JournalReader.PastRun run = new JournalReader.PastRun(RUN, Map.of("type", "run", "run", RUN), Set.of(), Set.of(),
        List.of(changes.get(0), changes.get(3)), Optional.of("failed"), changes);

    List<Play> plays = RollbackPlanner.plan(TOPOLOGY, run).plays();

    assertThat(plays).extracting(play -> task(play).module()).containsExactly("confluence_service", "undo",
        "confluence_service");
    assertThat(task(plays.get(1)).arguments().get("record")).isEqualTo(MOVE);
  }

  @Test
  void aRecordThisVersionCannotReadIsInvalidInputNamingTheRun() {
    JournalReader.PastRun run = past(List.of(end("node1", "Format", Map.of("kind", "format_disk"))));

    assertThatThrownBy(() -> RollbackPlanner.plan(TOPOLOGY, run))
        .isInstanceOfSatisfying(OrchestrateException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
        .hasMessageContaining(RUN).hasMessageContaining("format_disk");
  }

  private static Map<String, Object> peers(String node) {
    return Map.of("kind", "restore_file", "path", "/var/atlassian/application-data/confluence/confluence.cfg.xml",
        "backup", "/var/atlassian/application-data/confluence/confluence.cfg.xml.orchestrate-" + RUN,
        "sha256_before", node.repeat(64), "sha256_after", "f".repeat(64),
        "owner", "1001", "group", "1001", "mode", "640");
  }

  private static Map<String, Object> intent(String node, String task, Map<String, Object> undo) {
    Map<String, Object> intent = new LinkedHashMap<>();
    intent.put("type", "intent");
    intent.put("run", RUN);
    intent.put("vertex", node + "/" + task);
    intent.put("node", node);
    intent.put("task", task);
    intent.put("undo", undo);
    return intent;
  }

  private static List<String> steps(RunUndo undo, String node) {
    return undo.steps().stream().filter(step -> step.node().equals(node)).map(RunUndo.Step::text).toList();
  }

  private static Task task(Play play) {
    assertThat(play.tasks()).hasSize(1);
    return play.tasks().get(0);
  }

  private static Map<String, Object> service(String node, String was) {
    return Map.of("kind", "service", "node", node, "was", was, "install_dir", "/opt/atlassian/confluence", "control", "scripts");
  }

  private static Map<String, Object> end(String node, String task, Map<String, Object> undo) {
    Map<String, Object> end = new LinkedHashMap<>();
    end.put("type", "end");
    end.put("run", RUN);
    end.put("vertex", node + "/" + task);
    end.put("node", node);
    end.put("task", task);
    end.put("status", "changed");
    if (!undo.isEmpty()) {
      end.put("undo", undo);
    }
    return end;
  }

  private static JournalReader.PastRun past(List<Map<String, Object>> ends) {
    return new JournalReader.PastRun(RUN, Map.of("type", "run", "run", RUN, "command", "apply"), Set.of(), Set.of(),
        ends, Optional.of("succeeded"));
  }
}
