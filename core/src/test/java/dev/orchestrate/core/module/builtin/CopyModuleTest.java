package dev.orchestrate.core.module.builtin;

import dev.orchestrate.core.undo.RestoreFile;
import dev.orchestrate.core.undo.RemoveCreated;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.ModuleResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopyModuleTest {
  @TempDir
  Path directory;

  private ModuleResult copy(Map<String, Object> arguments) {
    return new CopyModule().execute(Hosts.local(directory).call(arguments));
  }

  @Test
  void writesContentOnceWithAnsiblesChecksum() throws Exception {
    Path dest = directory.resolve("out.txt");
    Map<String, Object> arguments = Map.of("content", "hello\n", "dest", dest.toString(), "mode", "0640");

    ModuleResult first = copy(arguments);
    ModuleResult second = copy(arguments);

    assertThat(first.changed()).isTrue();
    assertThat(Files.readString(dest)).isEqualTo("hello\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dest))).isEqualTo("rw-r-----");
    assertThat(first.fields()).containsEntry("dest", dest.toString())
        .containsEntry("checksum", "f572d396fae9206628714fb2ce00f72e94f2258f")
        .containsEntry("size", 6L).containsEntry("mode", "0640").containsEntry("state", "file");
    assertThat(first.undo()).containsExactly(new RemoveCreated(dest.toString()));
    assertThat(second.changed()).isFalse();
    assertThat(second.undo()).isEmpty();
  }

  @Test
  void aChangeWithBackupKeepsTheOldFileUnderAnsiblesNameAndUndoesFromIt() throws Exception {
    Path dest = Files.writeString(directory.resolve("conf"), "old\n");

    ModuleResult result = copy(Map.of("content", "new\n", "dest", dest.toString(), "backup", true));

    String backup = (String) result.fields().get("backup_file");
    assertThat(backup).startsWith(dest + ".").matches(".*\\.\\d+\\.\\d{4}-\\d\\d-\\d\\d@\\d\\d:\\d\\d:\\d\\d~");
    assertThat(Files.readString(Path.of(backup))).isEqualTo("old\n");
    assertThat(Files.readString(dest)).isEqualTo("new\n");
    assertThat(result.undo()).containsExactly(RestoreFile.fromBackup(dest.toString(), backup));
  }

  @Test
  void anOverwriteWithoutBackupHasNoUndo() throws Exception {
    Path dest = Files.writeString(directory.resolve("conf"), "old\n");

    ModuleResult result = copy(Map.of("content", "new\n", "dest", dest.toString()));

    assertThat(result.changed()).isTrue();
    assertThat(result.undo()).isEmpty();
    assertThat(result.fields()).doesNotContainKey("backup_file");
  }

  @Test
  void srcIsFoundInTheFilesFolderThenNextToThePlaybook() throws Exception {
    Path playbook = Files.createDirectories(directory.resolve("playbook/files"));
    Files.writeString(playbook.resolve("a.txt"), "from files\n");
    Files.writeString(directory.resolve("playbook/b.txt"), "beside\n");
    Path target = Files.createDirectory(directory.resolve("target"));
    Hosts hosts = Hosts.local(directory.resolve("playbook"));

    ModuleResult intoDirectory =
        new CopyModule().execute(hosts.call(Map.of("src", "a.txt", "dest", target.toString())));
    new CopyModule().execute(hosts.call(Map.of("src", "b.txt", "dest", target + "/b.txt")));

    assertThat(Files.readString(target.resolve("a.txt"))).isEqualTo("from files\n");
    assertThat(Files.readString(target.resolve("b.txt"))).isEqualTo("beside\n");
    assertThat(intoDirectory.fields()).containsEntry("dest", target.resolve("a.txt").toString());
  }

  @Test
  void aMissingSrcSaysWhereItLooked() {
    ModuleResult result = copy(Map.of("src", "nope.txt", "dest", directory + "/x"));

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).startsWith("Could not find or access 'nope.txt' on the controller; searched in: "
        + directory.resolve("files/nope.txt") + ", " + directory.resolve("nope.txt"));
  }

  @Test
  void aTrailingSlashMakesTheDirectory() throws Exception {
    Files.writeString(directory.resolve("x.txt"), "x");

    ModuleResult result = copy(Map.of("src", "x.txt", "dest", directory + "/made/"));

    assertThat(result.changed()).isTrue();
    assertThat(Files.readString(directory.resolve("made/x.txt"))).isEqualTo("x");
  }

  @Test
  void aMissingParentDirectoryFails() {
    ModuleResult result = copy(Map.of("content", "x", "dest", directory + "/no/such/file"));

    assertThat(result.message()).isEqualTo("Destination directory " + directory + "/no/such does not exist");
  }

  @Test
  void forceNoLeavesAnExistingFile() throws Exception {
    Path dest = Files.writeString(directory.resolve("keep"), "mine");

    ModuleResult result = copy(Map.of("content", "theirs", "dest", dest.toString(), "force", false));

    assertThat(result.changed()).isFalse();
    assertThat(Files.readString(dest)).isEqualTo("mine");
  }

  @Test
  void secretsAreRevealedOnlyInTheFile() throws Exception {
    Path dest = directory.resolve("secret.properties");
    Hosts hosts = Hosts.local(directory);

    ModuleResult result = new CopyModule().execute(hosts.call(Map.of("content", "password=((secret:db_password))\n",
        "dest", dest.toString())));

    assertThat(Files.readString(dest)).isEqualTo("password=" + Hosts.SECRET + "\n");
    assertThat(result.toString()).doesNotContain(Hosts.SECRET);
    assertThat(hosts.everythingSent()).doesNotContain(Hosts.SECRET);
  }

  @Test
  void aMapAsContentIsWrittenAsJson() throws Exception {
    Path dest = directory.resolve("data.json");

    copy(Map.of("content", Map.of("servers", List.of("a", "b")), "dest", dest.toString()));

    assertThat(Files.readString(dest)).isEqualTo("{\"servers\":[\"a\",\"b\"]}");
  }

  @Test
  void checkModeWritesNothing() throws Exception {
    Path dest = Files.writeString(directory.resolve("conf"), "old");

    ModuleResult result = new CopyModule().execute(Hosts.local(directory).checkMode(true).call(Map.of(
        "content", "new", "dest", dest.toString(), "backup", true)));

    assertThat(result.changed()).isTrue();
    assertThat(Files.readString(dest)).isEqualTo("old");
    try (var files = Files.list(directory)) {
      assertThat(files).containsExactly(dest);
    }
  }

  @Test
  void srcAndContentAreExclusive() {
    assertThat(copy(Map.of("src", "a", "content", "b", "dest", "/tmp/x")).message())
        .isEqualTo("src and content are mutually exclusive");
  }
}
