package dev.orchestrate.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rollback plan as a value: its JSON (kind, the runs it undoes, what it was made from) read back
 * as it was written, and each change of the cluster since it was made named in one sentence — the
 * sentence {@code rollback --plan} refuses with.
 */
class RollbackPlanTest {
  private static final String MIGRATION = "20240501T101530Z-aaaaaa";
  private static final String FOURTH_NODE = "20240502T090000Z-bbbbbb";
  private static final String ARCHIVE = "/var/atlassian/application-data/orchestrate-backups/local-home-" + MIGRATION
      + ".tar.gz";
  private static final String CFG = "/var/atlassian/application-data/confluence/confluence.cfg.xml";

  @TempDir
  Path directory;

  static RollbackBasis basis() {
    return new RollbackBasis(List.of(FOURTH_NODE, MIGRATION), Optional.empty(), Optional.empty(),
        List.of(MIGRATION, FOURTH_NODE), journals("1".repeat(64), "2".repeat(64)), nodes("running", "running"),
        List.of(archive("a".repeat(64), 3_356_212), copy("c".repeat(64))));
  }

  private static Map<String, String> journals(String fourth, String migration) {
    Map<String, String> journals = new LinkedHashMap<>();
    journals.put(FOURTH_NODE, fourth);
    journals.put(MIGRATION, migration);
    return journals;
  }

  private static Map<String, String> nodes(String node1, String node2) {
    Map<String, String> nodes = new LinkedHashMap<>();
    nodes.put("node1", node1);
    nodes.put("node2", node2);
    return nodes;
  }

  private static RollbackBasis.Backup archive(String sha256, long bytes) {
    return new RollbackBasis.Backup(MIGRATION, "node1", RollbackBasis.Backup.ARCHIVE, ARCHIVE,
        ARCHIVE.replace(".tar.gz", ".sha256"), bytes, sha256, 41, "d".repeat(64));
  }

  private static RollbackBasis.Backup copy(String sha256) {
    return new RollbackBasis.Backup(MIGRATION, "node1", RollbackBasis.Backup.COPY, CFG + ".orchestrate-" + MIGRATION,
        CFG, sha256.isEmpty() ? -1 : 2145, sha256, 0, "");
  }

  private static Plan plan(RollbackBasis basis) {
    return new Plan("wiki", TestPlans.TOPOLOGY_DIGEST, basis.digest(), TestPlans.CREATED, List.of("undo run "
        + FOURTH_NODE), TestPlans.migrationGraph(), Optional.of(basis));
  }

  private static RollbackBasis with(List<String> chain, Map<String, String> journals, Map<String, String> nodes,
      List<RollbackBasis.Backup> backups) {
    RollbackBasis basis = basis();
    return new RollbackBasis(basis.undoes(), basis.keeps(), basis.resumes(), chain, journals, nodes, backups);
  }

  @Test
  void itsJsonSaysItIsARollbackPlanWhatItUndoesAndWhatItWasMadeFrom() throws Exception {
    JsonNode root = new ObjectMapper().readTree(PlanWriter.json(plan(basis())));

    assertThat(fieldNames(root)).containsExactly("format", "kind", "cluster", "created", "digests", "changes",
        "decisions", "reasons", "rollback", "phases", "vertices");
    assertThat(root.get("kind").textValue()).isEqualTo("rollback");
    assertThat(root.at("/digests/facts").textValue()).isEqualTo(basis().digest());
    JsonNode rollback = root.get("rollback");
    assertThat(fieldNames(rollback)).containsExactly("undoes", "keeps", "resumes", "made_from");
    assertThat(rollback.get("undoes").toString()).isEqualTo("[\"" + FOURTH_NODE + "\",\"" + MIGRATION + "\"]");
    assertThat(rollback.get("keeps").isNull()).isTrue();
    assertThat(fieldNames(rollback.get("made_from"))).containsExactly("chain", "journals", "nodes", "backups");
    JsonNode archive = rollback.at("/made_from/backups/0");
    assertThat(fieldNames(archive)).containsExactly("run", "node", "kind", "path", "manifest", "present", "bytes",
        "sha256", "checksums", "manifest_sha256");
    assertThat(archive.get("checksums").intValue()).isEqualTo(41);
    assertThat(fieldNames(rollback.at("/made_from/backups/1"))).containsExactly("run", "node", "kind", "path",
        "restores", "present", "bytes", "sha256");
  }

  @Test
  void anApplyPlansJsonIsAsBeforeWithoutKindOrRollback() throws Exception {
    JsonNode root = new ObjectMapper().readTree(PlanWriter.json(TestPlans.migrationPlan()));

    assertThat(root.has("kind")).isFalse();
    assertThat(root.has("rollback")).isFalse();
  }

  @Test
  void readsBackWhatItWroteAndMatchesTheSamePlanMadeAgain() {
    Path file = directory.resolve("rollback.plan");
    SavedPlan.write(plan(basis()), file);

    SavedPlan saved = SavedPlan.read(file);

    assertThat(saved.isRollback()).isTrue();
    assertThat(saved.rollback()).contains(basis());
    assertThat(saved.digest()).hasSize(64);
    assertThat(saved.mismatch(plan(basis()))).isEmpty();
  }

  @Test
  void aRollbackPlanAndAnApplyPlanAreNeverTakenForEachOther() {
    Path rollback = directory.resolve("rollback.plan");
    SavedPlan.write(plan(basis()), rollback);
    Path apply = directory.resolve("apply.plan");
    SavedPlan.write(TestPlans.migrationPlan(), apply);

    assertThat(SavedPlan.read(rollback).mismatch(TestPlans.migrationPlan()))
        .hasValueSatisfying(why -> assertThat(why).contains("this is a rollback plan", "orchestrate rollback"));
    assertThat(SavedPlan.read(apply).mismatch(plan(basis())))
        .hasValueSatisfying(why -> assertThat(why).contains("not a rollback plan", "plan FILE --rollback"));
  }

  @Test
  void aNewerApplyIsNamed() {
    RollbackBasis now = with(List.of(MIGRATION, FOURTH_NODE, "20240503T000000Z-cccccc"), basis().journals(),
        basis().nodes(), basis().backups());

    assertThat(basis().mismatch(now, false)).hasValueSatisfying(why -> assertThat(why).startsWith(
        "a newer apply ran since the plan was made: run 20240503T000000Z-cccccc joined the cluster's chain"));
  }

  @Test
  void aJournalWrittenToSinceIsNamed() {
    RollbackBasis now = with(basis().chain(), journals("1".repeat(64), "9".repeat(64)), basis().nodes(),
        basis().backups());

    assertThat(basis().mismatch(now, false)).contains("the journal of run " + MIGRATION + " changed since the plan"
        + " was made (sha256 222222222222… → 999999999999…): the run was resumed or written to since");
  }

  @Test
  void aNodeStoppedByHandIsNamedUnlessTheRollbackOfThisPlanStoppedIt() {
    RollbackBasis now = with(basis().chain(), basis().journals(), nodes("running", "stopped"), basis().backups());

    assertThat(basis().mismatch(now, false)).contains("Confluence on node2 was running when the plan was made and is"
        + " stopped now (started or stopped by hand?)");
    assertThat(basis().mismatch(now, true)).isEmpty();
  }

  @Test
  void aBackupMissingOrWithAnotherChecksumIsNamedEvenForTheRollbackOfThisPlan() {
    RollbackBasis missing = with(basis().chain(), basis().journals(), basis().nodes(),
        List.of(archive("a".repeat(64), 3_356_212), copy("")));
    RollbackBasis corrupted = with(basis().chain(), basis().journals(), basis().nodes(),
        List.of(archive("e".repeat(64), 3_356_213), copy("c".repeat(64))));

    assertThat(basis().mismatch(missing, true)).contains("the backup node1:" + CFG + ".orchestrate-" + MIGRATION
        + " is missing now; it was there when the plan was made");
    assertThat(basis().mismatch(corrupted, false)).contains("the backup node1:" + ARCHIVE + " has another checksum now"
        + " (sha256 aaaaaaaaaaaa… → eeeeeeeeeeee…, 3356212 → 3356213 bytes): it changed since the plan was made");
  }

  @Test
  void theTextSaysWhatIsUndoneAndWhatItWasMadeFrom() {
    String text = PlanWriter.text(plan(basis()));

    assertThat(text).startsWith("Rollback plan for cluster wiki\n").contains(
        "Undoes 2 runs, newest first: " + FOURTH_NODE + ", " + MIGRATION + "; back to the state before " + MIGRATION,
        "Made from (rollback --plan refuses to run this plan once any of it changed):",
        "  chain    " + MIGRATION + ", " + FOURTH_NODE + "  (oldest first)",
        "  nodes    node1 running, node2 running",
        "  archive  node1:" + ARCHIVE + "  (run " + MIGRATION + "): 3,356,212 bytes, sha256 aaaaaaaaaaaa…; 41"
            + " checksums in " + ARCHIVE.replace(".tar.gz", ".sha256"),
        "  copy     node1:" + CFG + ".orchestrate-" + MIGRATION);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    Iterator<String> fields = node.fieldNames();
    fields.forEachRemaining(names::add);
    return names;
  }
}
