package dev.orchestrate.core.module.builtin;

import dev.orchestrate.core.undo.RestoreFile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.ModuleResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplaceModuleTest {
  @TempDir
  Path directory;

  private ModuleResult replace(Map<String, Object> arguments) {
    return new ReplaceModule().execute(Hosts.local(directory).call(arguments));
  }

  @Test
  void replacesEveryMatchOnceWithABackup() throws Exception {
    Path file = Files.writeString(directory.resolve("server.xml"), "<a port=\"8080\"/>\n<b port=\"8080\"/>\n");
    Map<String, Object> arguments = Map.of("path", file.toString(), "regexp", "port=\"8080\"",
        "replace", "port=\"8090\"", "backup", true);

    ModuleResult first = replace(arguments);
    ModuleResult second = replace(arguments);

    assertThat(file).hasContent("<a port=\"8090\"/>\n<b port=\"8090\"/>");
    assertThat(first.message()).isEqualTo("2 replacements made");
    assertThat(first.undo()).singleElement().isInstanceOfSatisfying(RestoreFile.class,
        restore -> assertThat(restore.path()).isEqualTo(file.toString()));
    assertThat(Path.of((String) first.fields().get("backup_file")))
        .hasContent("<a port=\"8080\"/>\n<b port=\"8080\"/>");
    assertThat(second.changed()).isFalse();
    assertThat(second.fields()).doesNotContainKey("backup_file");
  }

  @Test
  void aMissingFileFails() {
    ModuleResult result = replace(Map.of("path", directory + "/missing", "regexp", "a"));

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).isEqualTo("Path " + directory + "/missing does not exist !");
  }

  @Test
  void aFileThatIsNotUtf8IsRefusedUnlessItsEncodingIsGiven() throws Exception {
    Path file = Files.write(directory.resolve("latin1"), "caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

    ModuleResult refused = replace(Map.of("path", file.toString(), "regexp", "caf\u00e9", "replace", "tea"));
    ModuleResult done = replace(Map.of("path", file.toString(), "regexp", "caf\u00e9", "replace", "th\u00e9",
        "encoding", "latin-1"));

    assertThat(refused.message()).contains("is not valid UTF-8 text");
    assertThat(done.changed()).isTrue();
    assertThat(Files.readAllBytes(file)).isEqualTo("th\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void checkModeWritesNothing() throws Exception {
    Path file = Files.writeString(directory.resolve("f"), "a\n");

    ModuleResult result = new ReplaceModule().execute(Hosts.local(directory).checkMode(true).call(Map.of(
        "path", file.toString(), "regexp", "a", "replace", "b")));

    assertThat(result.changed()).isTrue();
    assertThat(file).hasContent("a");
  }

  @Test
  void aSecretInTheReplacementIsWrittenOnce() throws Exception {
    Path file = Files.writeString(directory.resolve("cfg"), "password=changeme\n");
    Map<String, Object> arguments = Map.of("path", file.toString(), "regexp", "^(password)=.*$",
        "replace", "\\1=((secret:db_password))");

    ModuleResult first = replace(arguments);
    ModuleResult second = replace(arguments);

    assertThat(file).hasContent("password=" + Hosts.SECRET);
    assertThat(first.changed()).isTrue();
    assertThat(second.changed()).isFalse();
  }
}
