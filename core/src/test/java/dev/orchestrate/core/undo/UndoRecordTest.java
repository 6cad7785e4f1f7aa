package dev.orchestrate.core.undo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UndoRecordTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOME = "/var/atlassian/application-data/confluence";
  private static final Ownership CONFLUENCE = new Ownership("1001", "1002", "750");

  private static final List<UndoRecord> EVERY_KIND = List.of(
      new RestoreFile(HOME + "/confluence.cfg.xml", HOME + "/confluence.cfg.xml.orchestrate-run1", "a".repeat(64),
          "b".repeat(64), Optional.of(new Ownership("1001", "1002", "640"))),
      RestoreFile.fromBackup("/opt/atlassian/confluence/conf/server.xml", "/opt/atlassian/confluence/conf/server.xml~"),
      new RestoreFile(HOME + "/confluence.cfg.xml", "", "a".repeat(64), "b".repeat(64), Optional.empty()),
      SetAside.copy("/opt/atlassian/confluence"),
      SetAside.createdFile(HOME + "/cluster.properties", "c".repeat(64)),
      new RemoveCreated("/media/shared"),
      new MoveBack(HOME + "/shared-home", "/media/shared", true, List.of("attachments", ".hidden"),
          Optional.of(CONFLUENCE)),
      MoveBack.whole(HOME + "/attachments", "/media/shared/attachments"),
      ServiceWas.of("running"), ServiceWas.of("stopped"), ServiceWas.of("starting"), ServiceWas.of("error"),
      SynchronyWas.stopped("/opt/synchrony"),
      new BackupKept(HOME + "-backups/local-home-run1.tar.gz", HOME + "-backups/local-home-run1.sha256", HOME));

  @Test
  void everyKindComesBackFromItsJournalLineAsItWent() throws Exception {
    for (UndoRecord record : EVERY_KIND) {
      String line = JSON.writeValueAsString(record.toJson());
      Map<?, ?> read = JSON.readValue(line, Map.class);

      assertThat(UndoRecord.fromJson(read)).as(line).isEqualTo(record);
      assertThat(read.get("kind")).as(line).isEqualTo(record.kind());
    }
  }

  /** What earlier versions wrote, byte for byte: fields in this order, an empty text left out. */
  @Test
  void everyKindIsWrittenAsEarlierVersionsWroteIt() throws Exception {
    List<String> lines = new ArrayList<>();
    for (UndoRecord record : EVERY_KIND) {
      lines.add(JSON.writeValueAsString(record.toJson()).replace(HOME, "HOME"));
    }

    assertThat(lines).containsExactly(
        "{\"kind\":\"restore_file\",\"path\":\"HOME/confluence.cfg.xml\","
            + "\"backup\":\"HOME/confluence.cfg.xml.orchestrate-run1\",\"sha256_before\":\"" + "a".repeat(64)
            + "\",\"sha256_after\":\"" + "b".repeat(64) + "\",\"owner\":\"1001\",\"group\":\"1002\",\"mode\":\"640\"}",
        "{\"kind\":\"restore_file\",\"path\":\"/opt/atlassian/confluence/conf/server.xml\","
            + "\"backup\":\"/opt/atlassian/confluence/conf/server.xml~\"}",
        "{\"kind\":\"restore_file\",\"path\":\"HOME/confluence.cfg.xml\",\"sha256_before\":\"" + "a".repeat(64)
            + "\",\"sha256_after\":\"" + "b".repeat(64) + "\"}",
        "{\"kind\":\"remove_copy\",\"path\":\"/opt/atlassian/confluence\"}",
        "{\"kind\":\"remove_file\",\"path\":\"HOME/cluster.properties\",\"sha256_after\":\"" + "c".repeat(64) + "\"}",
        "{\"kind\":\"remove_path\",\"path\":\"/media/shared\"}",
        "{\"kind\":\"move\",\"src\":\"HOME/shared-home\",\"dest\":\"/media/shared\",\"contents\":true,"
            + "\"entries\":[\"attachments\",\".hidden\"],\"owner\":\"1001\",\"group\":\"1002\",\"mode\":\"750\"}",
        "{\"kind\":\"move\",\"src\":\"HOME/attachments\",\"dest\":\"/media/shared/attachments\","
            + "\"contents\":false,\"entries\":[]}",
        "{\"kind\":\"service\",\"was\":\"running\"}",
        "{\"kind\":\"service\",\"was\":\"stopped\"}",
        "{\"kind\":\"service\",\"was\":\"starting\"}",
        "{\"kind\":\"service\",\"was\":\"error\"}",
        "{\"kind\":\"synchrony\",\"home\":\"/opt/synchrony\",\"was\":\"stopped\"}",
        "{\"kind\":\"backup\",\"archive\":\"HOME-backups/local-home-run1.tar.gz\","
            + "\"manifest\":\"HOME-backups/local-home-run1.sha256\",\"src\":\"HOME\"}");
  }

  @Test
  void aListOfRecordsComesBackInItsOrder() throws Exception {
    String line = JSON.writeValueAsString(UndoRecords.toJson(EVERY_KIND));

    assertThat(UndoRecords.read(JSON.readValue(line, List.class))).containsExactlyElementsOf(EVERY_KIND);
  }

  /** The maps earlier versions wrote: one record, or a loop's items; extra keys of the service record ignored. */
  @Test
  void recordsOfEarlierVersionsAreRead() {
    Map<String, Object> service = Map.of("kind", "service", "node", "node1", "was", "running",
        "install_dir", "/opt/atlassian/confluence", "local_home", HOME, "status_url", "http://node1:8090/status",
        "control", "scripts", "unit", "confluence.service");
    Map<String, Object> move = Map.of("kind", "move", "src", HOME + "/shared-home", "dest", "/media/shared",
        "contents", true, "entries", List.of("attachments", "config"));
    Map<String, Object> restore = Map.of("kind", "restore_file", "path", HOME + "/confluence.cfg.xml",
        "backup", HOME + "/confluence.cfg.xml.orchestrate-run1", "sha256_before", "a".repeat(64),
        "sha256_after", "b".repeat(64));
    Map<String, Object> loop = Map.of("items", List.of(
        Map.of("kind", "remove_file", "path", HOME + "/a.properties", "sha256_after", "c".repeat(64)),
        Map.of("kind", "remove_path", "path", HOME + "/new")));

    assertThat(UndoRecords.read(service)).containsExactly(ServiceWas.of("running"));
    assertThat(UndoRecords.read(move)).containsExactly(new MoveBack(HOME + "/shared-home", "/media/shared", true,
        List.of("attachments", "config"), Optional.empty()));
    assertThat(UndoRecords.read(restore)).containsExactly(new RestoreFile(HOME + "/confluence.cfg.xml",
        HOME + "/confluence.cfg.xml.orchestrate-run1", "a".repeat(64), "b".repeat(64), Optional.empty()));
    assertThat(UndoRecords.read(loop)).containsExactly(SetAside.createdFile(HOME + "/a.properties", "c".repeat(64)),
        new RemoveCreated(HOME + "/new"));
    assertThat(UndoRecords.read(Map.of())).isEmpty();
    assertThat(UndoRecords.read(null)).isEmpty();
  }

  @Test
  void anIntentAndTheEndRecordThatCompletesItMergeAndSoDoTheMovesOfTwoAttempts() {
    MoveBack firstAttempt = new MoveBack(HOME + "/shared-home", "/media/shared", true,
        List.of("attachments", "config", "index"), Optional.of(CONFLUENCE));
    MoveBack rerun = new MoveBack(HOME + "/shared-home", "/media/shared", true, List.of("index", "thumbnails"),
        Optional.empty());
    UndoRecord service = ServiceWas.of("running");

    List<UndoRecord> merged = UndoRecords.merge(List.of(service, firstAttempt, rerun, service, rerun));

    assertThat(merged).containsExactly(service, new MoveBack(HOME + "/shared-home", "/media/shared", true,
        List.of("attachments", "config", "index", "thumbnails"), Optional.of(CONFLUENCE)));
    assertThat(UndoRecords.merge(List.of(MoveBack.whole("/a", "/b"), MoveBack.whole("/a", "/c"))))
        .as("two different moves stay two").hasSize(2);
  }

  @Test
  void aRecordThatCannotBeUndoneSafelyIsRefusedNamingWhy() {
    assertThatThrownBy(() -> SetAside.copy("opt/atlassian")).hasMessageContaining("absolute");
    assertThatThrownBy(() -> new RestoreFile("/etc/x", "", "", "", Optional.empty()))
        .hasMessageContaining("needs a backup or the checksum");
    assertThatThrownBy(() -> new MoveBack("/a", "/b", true, List.of("../etc"), Optional.empty()))
        .hasMessageContaining("a name inside it");
    assertThatThrownBy(() -> new Ownership("confluence", "1002", "750")).hasMessageContaining("numeric");
    assertThatThrownBy(() -> UndoRecord.fromJson(Map.of("kind", "format_disk"))).hasMessageContaining("'format_disk'");
    assertThatThrownBy(() -> UndoRecord.fromJson(Map.of("kind", "move", "dest", "/b")))
        .hasMessageContaining("needs 'src'");
    assertThatThrownBy(() -> ServiceWas.of("sleeping")).hasMessageContaining("sleeping");
  }

  @Test
  void eachRecordSaysWhatUndoingItDoes() {
    assertThat(EVERY_KIND.get(0).describe()).isEqualTo("restore " + HOME + "/confluence.cfg.xml from " + HOME
        + "/confluence.cfg.xml.orchestrate-run1");
    assertThat(EVERY_KIND.get(3).describe()).isEqualTo("set the copy /opt/atlassian/confluence aside");
    assertThat(EVERY_KIND.get(6).describe()).isEqualTo("move attachments, .hidden back from /media/shared into "
        + HOME + "/shared-home");
    assertThat(ServiceWas.of("starting").was().ran()).as("a node found STARTING counts as running").isTrue();
    assertThat(ServiceWas.of("error").was().ran()).isFalse();
  }
}
