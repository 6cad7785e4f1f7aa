package dev.orchestrate.core.module.confluence;

import static dev.orchestrate.core.module.edit.LocalModuleCall.arguments;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.edit.LocalModuleCall;
import dev.orchestrate.core.undo.SetAside;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropertiesModuleTest {
  static final String BEFORE = """
      # specify your directory below (don't forget to remove the '#' in front)

      # confluence.home=c:/confluence/data
      confluence.home=/var/atlassian/application-data/confluence
      obsolete.key=1
      """;

  static final String AFTER = """
      # specify your directory below (don't forget to remove the '#' in front)

      # confluence.home=c:/confluence/data
      confluence.home=/data/confluence
      """;

  @TempDir Path installation;
  Path file;
  Path backup;

  @BeforeEach
  void writeTheFile() throws IOException {
    file = installation.resolve("confluence-init.properties");
    backup = installation.resolve("confluence-init.properties.orchestrate-" + LocalModuleCall.RUN_ID);
    Files.writeString(file, BEFORE);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
  }

  @Test
  void setsAndRemovesKeysLeavingCommentsAlone() throws IOException {
    ModuleResult result = run(homeMoved(), false);

    assertThat(result.changed()).isTrue();
    assertThat(Files.readString(file)).isEqualTo(AFTER);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-rw-r--");
    assertThat(Files.readString(backup)).isEqualTo(BEFORE);
    assertThat(result.fields()).containsEntry("changed_keys", List.of("confluence.home", "obsolete.key"))
        .containsEntry("backup", backup.toString());
    assertThat(result.undo()).containsExactly(XmlPropertyModuleTest.undo(file, backup.toString(), BEFORE, AFTER));
  }

  @Test
  void aRerunChangesNothing() throws IOException {
    run(homeMoved(), false);
    LocalModuleCall again = new LocalModuleCall(homeMoved(), Map.of(), false);

    ModuleResult result = new PropertiesModule().execute(again);

    assertThat(result.changed()).isFalse();
    assertThat(result.failed()).isFalse();
    assertThat(again.uploads()).isEmpty();
    assertThat(Files.readString(file)).isEqualTo(AFTER);
  }

  @Test
  void checkModeWritesNothing() throws IOException {
    LocalModuleCall call = new LocalModuleCall(homeMoved(), Map.of(), true);

    ModuleResult result = new PropertiesModule().execute(call);

    assertThat(result.changed()).isTrue();
    assertThat(Files.readString(file)).isEqualTo(BEFORE);
    assertThat(backup).doesNotExist();
    assertThat(call.uploads()).isEmpty();
  }

  @Test
  void aMissingFileIsAFailureUnlessCreated() throws IOException {
    Path missing = installation.resolve("new.properties");
    Map<String, Object> arguments = arguments("path", missing.toString(), "set", Map.of("confluence.home", "/data"));

    ModuleResult refused = run(arguments, false);
    arguments.put("create", true);
    ModuleResult created = run(arguments, false);

    assertThat(refused.failed()).isTrue();
    assertThat(refused.message()).isEqualTo(missing + ": no such file");
    assertThat(created.changed()).isTrue();
    assertThat(Files.readString(missing)).isEqualTo("confluence.home=/data\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(missing))).isEqualTo("rw-r--r--");
    assertThat(created.undo()).containsExactly(SetAside.createdFile(missing.toString(),
        XmlPropertyModuleTest.sha256("confluence.home=/data\n")));
  }

  @Test
  void aKeyBothSetAndRemovedIsRefused() throws IOException {
    ModuleResult result = run(arguments("path", file.toString(), "set", Map.of("a", "1"), "remove", List.of("a")),
        false);

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).isEqualTo("a is both under set and under remove; keep one");
    assertThat(Files.readString(file)).isEqualTo(BEFORE);
  }

  @Test
  void aSecretValueStaysOutOfTheResult() throws IOException {
    ModuleResult result = run(arguments("path", file.toString(), "set", Map.of("db.password", "((secret:db))")),
        false, Map.of("db", "hunter2-secret"));

    assertThat(Files.readString(file)).endsWith("db.password=hunter2-secret\n");
    assertThat(result.toString()).doesNotContain("hunter2");
  }

  private Map<String, Object> homeMoved() {
    return arguments("path", file.toString(), "set", Map.of("confluence.home", "/data/confluence"),
        "remove", List.of("obsolete.key"));
  }

  private static ModuleResult run(Map<String, Object> arguments, boolean checkMode) {
    return run(arguments, checkMode, Map.of());
  }

  private static ModuleResult run(Map<String, Object> arguments, boolean checkMode, Map<String, String> secrets) {
    return new PropertiesModule().execute(new LocalModuleCall(arguments, secrets, checkMode));
  }
}
