package dev.orchestrate.core.module.confluence;

import static dev.orchestrate.core.module.edit.LocalModuleCall.arguments;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.edit.LocalModuleCall;
import dev.orchestrate.core.undo.Ownership;
import dev.orchestrate.core.undo.RestoreFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XmlPropertyModuleTest {
  static final String LICENSE = "AAABLQ0ODAoPeNp-the-license-9f8e7d";
  static final Map<String, String> SECRETS = Map.of("license", LICENSE);

  static final String BEFORE = """
      <?xml version="1.0" encoding="UTF-8"?>

      <confluence-configuration>
        <setupStep>complete</setupStep>
        <setupType>custom</setupType>
        <buildNumber>9012</buildNumber>
        <properties>
          <!-- Written by the setup wizard. -->
          <property name="atlassian.license.message">old-license</property>
          <property name="hibernate.connection.url">jdbc:postgresql://db:5432/confluence</property>
          <property name="hibernate.setup">true</property>
        </properties>
      </confluence-configuration>
      """;

  static final String AFTER = """
      <?xml version="1.0" encoding="UTF-8"?>

      <confluence-configuration>
        <setupStep>complete</setupStep>
        <setupType>cluster</setupType>
        <buildNumber>9012</buildNumber>
        <properties>
          <!-- Written by the setup wizard. -->
          <property name="atlassian.license.message">%s</property>
          <property name="hibernate.connection.url">jdbc:postgresql://db:5432/confluence</property>
          <property name="confluence.cluster">true</property>
        </properties>
      </confluence-configuration>
      """.formatted(LICENSE);

  @TempDir Path home;
  Path file;
  Path backup;

  @BeforeEach
  void writeTheFile() throws IOException {
    file = home.resolve("confluence.cfg.xml");
    backup = home.resolve("confluence.cfg.xml.orchestrate-" + LocalModuleCall.RUN_ID);
    Files.writeString(file, BEFORE);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
  }

  @Test
  void editsTheFileInPlaceAfterAVerifiedBackup() throws IOException {
    LocalModuleCall call = new LocalModuleCall(clustering(), SECRETS, false);
    ModuleResult result = new XmlPropertyModule().execute(call);

    assertThat(result.changed()).isTrue();
    assertThat(result.failed()).isFalse();
    assertThat(Files.readString(file)).isEqualTo(AFTER);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
    assertThat(Files.readString(backup)).isEqualTo(BEFORE);
    assertThat(result.fields()).containsEntry("path", file.toString())
        .containsEntry("changed_keys", List.of("atlassian.license.message", "confluence.cluster", "hibernate.setup",
            "setupType"))
        .containsEntry("backup", backup.toString());
    assertThat(result.undo()).containsExactly(undo(file, backup.toString(), BEFORE, AFTER));
    assertThat(call.intents()).as("what undoes the edit is recorded before it").isEqualTo(result.undo());
    assertThat(call.steps()).containsExactly("intend restore_file", "upload " + file);
  }

  @Test
  void aRerunChangesNothingAndALaterChangeKeepsTheFirstBackup() throws IOException {
    run(clustering(), false);

    LocalModuleCall again = new LocalModuleCall(clustering(), SECRETS, false);
    ModuleResult unchanged = new XmlPropertyModule().execute(again);
    ModuleResult later = run(arguments("path", file.toString(), "properties", Map.of("confluence.cluster.name", "prod")),
        false);

    assertThat(unchanged.changed()).isFalse();
    assertThat(unchanged.failed()).isFalse();
    assertThat(unchanged.fields()).containsEntry("changed_keys", List.of());
    assertThat(again.uploads()).isEmpty();
    assertThat(later.changed()).isTrue();
    assertThat(Files.readString(file)).contains("<property name=\"confluence.cluster.name\">prod</property>");
    assertThat(Files.readString(backup)).as("the file as it was before the run").isEqualTo(BEFORE);
  }

  @Test
  void checkModeReportsTheChangeAndWritesNothing() throws IOException {
    LocalModuleCall call = new LocalModuleCall(clustering(), SECRETS, true);

    ModuleResult result = new XmlPropertyModule().execute(call);

    assertThat(result.changed()).isTrue();
    assertThat(result.message()).contains("would change");
    assertThat(Files.readString(file)).isEqualTo(BEFORE);
    assertThat(backup).doesNotExist();
    assertThat(call.uploads()).isEmpty();
    assertThat(call.scripts()).isEmpty();
  }

  @Test
  void theLicenseReachesTheFileButNothingElse() throws IOException {
    ModuleResult checked = run(clustering(), true);
    ModuleResult applied = run(clustering(), false);

    assertThat(Files.readString(file)).contains(LICENSE);
    for (ModuleResult result : List.of(checked, applied)) {
      assertThat(result.toString()).doesNotContain(LICENSE);
      assertThat(result.registered().toString()).doesNotContain(LICENSE);
      assertThat(result.fields().get("changed_keys").toString()).contains("atlassian.license.message");
    }
  }

  @Test
  void withoutBackupNoCopyIsMadeAndTheUndoRecordSaysSo() throws IOException {
    Map<String, Object> arguments = clustering();
    arguments.put("backup", false);

    ModuleResult result = run(arguments, false);

    assertThat(Files.readString(file)).isEqualTo(AFTER);
    assertThat(backup).doesNotExist();
    assertThat(result.fields()).doesNotContainKey("backup");
    assertThat(result.undo()).singleElement().isInstanceOfSatisfying(RestoreFile.class,
        restore -> assertThat(restore.backup()).isEmpty());
  }

  @Test
  void aBackupThatCannotBeMadeStopsTheEdit() throws IOException {
    Files.createDirectory(backup);

    ModuleResult result = run(clustering(), false);

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).startsWith(file + ": cannot back it up to " + backup);
    assertThat(Files.readString(file)).isEqualTo(BEFORE);
  }

  @Test
  void theEncodingTheFileDeclaresIsKept() throws IOException {
    String latin = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<!-- café -->\n"
        + "<c>\n  <setupStep>complete</setupStep>\n</c>\n";
    Files.write(file, latin.getBytes(StandardCharsets.ISO_8859_1));

    ModuleResult result = run(arguments("path", file.toString(), "elements", Map.of("setupType", "clusterisé")), false);

    assertThat(result.failed()).isFalse();
    assertThat(Files.readAllBytes(file)).isEqualTo(latin.replace("</setupStep>\n", "</setupStep>\n  <setupType>clusterisé"
        + "</setupType>\n").getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void aMissingFileIsAFailure() {
    Path missing = home.resolve("nowhere/confluence.cfg.xml");

    ModuleResult result = run(arguments("path", missing.toString(), "elements", Map.of("setupType", "cluster")), false);

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).isEqualTo(missing + ": no such file");
  }

  @Test
  void aFileThatIsNotXmlIsAFailureNamingTheLine() throws IOException {
    Files.writeString(file, "<confluence-configuration>\n<properties>\n</confluence-configuration>\n");

    ModuleResult result = run(clustering(), false);

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).startsWith(file + ": ").contains("line 3").doesNotContain(LICENSE);
    assertThat(backup).doesNotExist();
  }

  @Test
  void argumentsOfTheWrongShapeAreFailures() {
    assertThat(run(arguments("path", file.toString(), "properties", "confluence.cluster=true"), false).message())
        .isEqualTo("properties must be a map of names to values");
    assertThat(run(arguments("path", file.toString(), "elements", Map.of("setupType", List.of("a"))), false).message())
        .isEqualTo("elements.setupType must be a single value, not a list or a map");
    assertThat(run(arguments("path", "relative/confluence.cfg.xml"), false).failed()).isTrue();
  }

  private Map<String, Object> clustering() {
    Map<String, Object> properties = arguments(
        "atlassian.license.message", "((secret:license))",
        "confluence.cluster", true,
        "hibernate.setup", null);
    return arguments("path", file.toString(), "properties", properties, "elements", Map.of("setupType", "cluster"));
  }

  private static ModuleResult run(Map<String, Object> arguments, boolean checkMode) {
    return new XmlPropertyModule().execute(new LocalModuleCall(arguments, SECRETS, checkMode));
  }

  /** The record of an edit of {@code file}, which has the owner, group and mode it had before. */
  static RestoreFile undo(Path file, String backup, String before, String after) throws IOException {
    int mode = (Integer) Files.getAttribute(file, "unix:mode") & 07777;
    return new RestoreFile(file.toString(), backup, sha256(before), sha256(after), Optional.of(new Ownership(
        String.valueOf(Files.getAttribute(file, "unix:uid")), String.valueOf(Files.getAttribute(file, "unix:gid")),
        Integer.toOctalString(mode))));
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
