package dev.orchestrate.core.module.builtin;

import dev.orchestrate.core.undo.RestoreFile;
import dev.orchestrate.core.undo.RemoveCreated;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.ModuleResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineInFileModuleTest {
  @TempDir
  Path directory;

  private ModuleResult lineinfile(Map<String, Object> arguments) {
    return new LineInFileModule().execute(Hosts.local(directory).call(arguments));
  }

  @Test
  void replacesTheLineKeepingTheModeAndChangesNothingTheSecondTime() throws Exception {
    Path file = Files.writeString(directory.resolve("setenv.sh"), "CATALINA_OPTS=\"-Xms1g\"\nexport X=1\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-x---"));
    Map<String, Object> arguments = Map.of("path", file.toString(), "regexp", "^CATALINA_OPTS=",
        "line", "CATALINA_OPTS=\"-Xms2g\"");

    ModuleResult first = lineinfile(arguments);
    ModuleResult second = lineinfile(arguments);

    assertThat(first.changed()).isTrue();
    assertThat(first.message()).isEqualTo("line replaced");
    assertThat(Files.readString(file)).isEqualTo("CATALINA_OPTS=\"-Xms2g\"\nexport X=1\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rwxr-x---");
    assertThat(first.undo()).isEmpty();
    assertThat(second.changed()).isFalse();
    assertThat(second.message()).isEmpty();
  }

  @Test
  void keepsBytesThatAreNotUtf8() throws Exception {
    byte[] latin = "caf\u00e9=1\n".getBytes(StandardCharsets.ISO_8859_1);
    Path file = Files.write(directory.resolve("latin1.conf"), latin);

    lineinfile(Map.of("path", file.toString(), "line", "new=\u00e9"));

    byte[] expected = (new String(latin, StandardCharsets.ISO_8859_1) + "new=").getBytes(StandardCharsets.ISO_8859_1);
    assertThat(Files.readAllBytes(file)).startsWith(expected).endsWith("new=\u00e9\n".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void createsAMissingFileOnlyWhenAsked() {
    Path file = directory.resolve("sub/new.conf");

    ModuleResult refused = lineinfile(Map.of("path", file.toString(), "line", "a=1"));
    ModuleResult created = lineinfile(Map.of("path", file.toString(), "line", "a=1", "create", true, "mode", "0600"));

    assertThat(refused.failed()).isTrue();
    assertThat(refused.message()).isEqualTo("Destination " + file + " does not exist !");
    assertThat(refused.fields()).containsEntry("rc", 257);
    assertThat(created.changed()).isTrue();
    assertThat(created.message()).isEqualTo("line added and ownership, perms or SE linux context changed");
    assertThat(created.undo()).containsExactly(new RemoveCreated(file.toString()));
    assertThat(file).hasContent("a=1");
  }

  @Test
  void backupMakesARestoreRecord() throws Exception {
    Path file = Files.writeString(directory.resolve("a.conf"), "a=1\n");

    ModuleResult result = lineinfile(Map.of("path", file.toString(), "regexp", "^a=", "line", "a=2", "backup", true));

    String backup = (String) result.fields().get("backup");
    assertThat(Path.of(backup)).hasContent("a=1");
    assertThat(result.undo()).containsExactly(RestoreFile.fromBackup(file.toString(), backup));
  }

  @Test
  void absentRemovesMatchingLines() throws Exception {
    Path file = Files.writeString(directory.resolve("sudoers"), "%wheel ALL\nroot ALL\n");

    ModuleResult result = lineinfile(Map.of("path", file.toString(), "regexp", "^%wheel", "state", "absent"));

    assertThat(result.message()).isEqualTo("1 line(s) removed");
    assertThat(result.fields()).containsEntry("found", 1);
    assertThat(file).hasContent("root ALL");
  }

  @Test
  void writesThroughALinkAndKeepsIt() throws Exception {
    Path real = Files.writeString(directory.resolve("real.conf"), "a=1\n");
    Path link = Files.createSymbolicLink(directory.resolve("link.conf"), real.getFileName());

    lineinfile(Map.of("path", link.toString(), "line", "b=2"));

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(real).hasContent("a=1\nb=2");
  }

  @Test
  void checkModeReportsWithoutWriting() throws Exception {
    Path file = Files.writeString(directory.resolve("a.conf"), "a=1\n");

    ModuleResult result = new LineInFileModule().execute(Hosts.local(directory).checkMode(true).call(Map.of(
        "path", file.toString(), "line", "b=2", "backup", true)));

    assertThat(result.changed()).isTrue();
    assertThat(file).hasContent("a=1");
    try (var files = Files.list(directory)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void aDirectoryIsRefused() {
    ModuleResult result = lineinfile(Map.of("path", directory.toString(), "line", "x"));

    assertThat(result.message()).isEqualTo("Path " + directory + " is a directory !");
  }

  @Test
  void backrefsNeedRegexp() {
    assertThat(lineinfile(Map.of("path", directory + "/x", "line", "x", "backrefs", true)).message())
        .isEqualTo("regexp is required with backrefs=true");
  }

  @Test
  void aSecretInTheLineIsWrittenOnceAndNeverSent() throws Exception {
    Path file = Files.writeString(directory.resolve("db.properties"), "user=confluence\n");
    Hosts hosts = Hosts.local(directory);
    Map<String, Object> arguments = Map.of("path", file.toString(), "line", "password=((secret:db_password))");

    ModuleResult first = new LineInFileModule().execute(hosts.call(arguments));
    ModuleResult second = new LineInFileModule().execute(hosts.call(arguments));

    assertThat(file).hasContent("user=confluence\npassword=" + Hosts.SECRET);
    assertThat(first.changed()).isTrue();
    assertThat(second.changed()).as("the revealed line is found the second time").isFalse();
    assertThat(hosts.everythingSent()).doesNotContain(Hosts.SECRET);
  }
}
