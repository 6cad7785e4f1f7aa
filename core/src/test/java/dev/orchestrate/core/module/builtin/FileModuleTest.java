package dev.orchestrate.core.module.builtin;

import dev.orchestrate.core.undo.RemoveCreated;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.ModuleResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileModuleTest {
  @TempDir
  Path directory;

  private ModuleResult file(Map<String, Object> arguments) {
    return new FileModule().execute(Hosts.local(directory).call(arguments));
  }

  private static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void createsADirectoryWithItsParentsOnceAndUndoesFromTheTopmostCreated() throws Exception {
    Path target = directory.resolve("a/b/c");
    Map<String, Object> arguments = Map.of("path", target.toString(), "state", "directory", "mode", "0750");

    ModuleResult first = file(arguments);
    ModuleResult second = file(arguments);

    assertThat(first.changed()).isTrue();
    assertThat(first.undo()).containsExactly(new RemoveCreated(directory.resolve("a").toString()));
    assertThat(first.fields()).containsEntry("path", target.toString()).containsEntry("mode", "0750")
        .containsEntry("state", "directory");
    assertThat(mode(target)).isEqualTo("rwxr-x---");
    assertThat(mode(directory.resolve("a"))).isEqualTo("rwxr-x---");
    assertThat(second.changed()).isFalse();
    assertThat(second.undo()).isEmpty();
  }

  @Test
  void changesOnlyTheModeThatDiffers() throws Exception {
    Path target = Files.createFile(directory.resolve("f"));
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));

    ModuleResult same = file(Map.of("path", target.toString(), "mode", "u=rw,g=r,o=r"));
    ModuleResult changed = file(Map.of("path", target.toString(), "state", "file", "mode", 0600));

    assertThat(same.changed()).isFalse();
    assertThat(changed.changed()).isTrue();
    assertThat(changed.fields()).containsEntry("mode", "0600").containsEntry("state", "file");
    assertThat(mode(target)).isEqualTo("rw-------");
  }

  @Test
  void stateFileNeedsAnExistingFile() {
    ModuleResult result = file(Map.of("path", directory + "/missing", "state", "file"));

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).isEqualTo("file (" + directory + "/missing) is absent, cannot continue");
  }

  @Test
  void aDirectoryWhereAFileIsWantedFails() {
    ModuleResult result = file(Map.of("path", directory.toString(), "state", "file"));

    assertThat(result.message()).isEqualTo("file (" + directory + ") is directory, cannot continue");
  }

  @Test
  void absentRemovesATreeOnceAndThenChangesNothing() throws Exception {
    Files.createDirectories(directory.resolve("tree/sub"));
    Files.writeString(directory.resolve("tree/sub/f"), "x");
    Map<String, Object> arguments = Map.of("path", directory.resolve("tree").toString(), "state", "absent");

    assertThat(file(arguments).changed()).isTrue();
    assertThat(directory.resolve("tree")).doesNotExist();
    ModuleResult again = file(arguments);
    assertThat(again.changed()).isFalse();
    assertThat(again.fields()).containsEntry("state", "absent");
  }

  @Test
  void touchCreatesAndAlwaysChanges() throws Exception {
    Path target = directory.resolve("t");
    Map<String, Object> arguments = Map.of("path", target.toString(), "state", "touch", "mode", "0640");

    ModuleResult first = file(arguments);
    ModuleResult second = file(arguments);

    assertThat(first.undo()).containsExactly(new RemoveCreated(target.toString()));
    assertThat(mode(target)).isEqualTo("rw-r-----");
    assertThat(first.fields()).containsEntry("dest", target.toString());
    assertThat(second.changed()).isTrue();
    assertThat(second.undo()).isEmpty();
  }

  @Test
  void linksOnceAndRefusesToReplaceAFileWithoutForce() throws Exception {
    Files.writeString(directory.resolve("real"), "x");
    Path link = directory.resolve("link");
    Map<String, Object> arguments = Map.of("path", link.toString(), "src", "real", "state", "link");

    ModuleResult first = file(arguments);
    ModuleResult second = file(arguments);

    assertThat(first.changed()).isTrue();
    assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("real"));
    assertThat(first.undo()).containsExactly(new RemoveCreated(link.toString()));
    assertThat(second.changed()).isFalse();
    ModuleResult refused = file(Map.of("path", directory.resolve("real").toString(), "src", "link", "state", "link"));
    assertThat(refused.message())
        .isEqualTo("refusing to convert from file to symlink for " + directory.resolve("real"));
  }

  @Test
  void aLinkToNothingNeedsForce() {
    ModuleResult result = file(Map.of("path", directory + "/l", "src", "/no/such/target", "state", "link"));

    assertThat(result.message()).startsWith("src file does not exist, use \"force=yes\"");
    assertThat(file(Map.of("path", directory + "/l", "src", "/no/such/target", "state", "link", "force", true))
        .changed()).isTrue();
  }

  @Test
  void hardLinksShareTheFile() throws Exception {
    Path original = Files.writeString(directory.resolve("original"), "x");
    Map<String, Object> arguments = Map.of("path", directory + "/hard", "src", original.toString(), "state", "hard");

    assertThat(file(arguments).changed()).isTrue();
    assertThat(file(arguments).changed()).isFalse();
    assertThat(Files.isSameFile(original, directory.resolve("hard"))).isTrue();
  }

  @Test
  void recurseSetsModesBelowWithAnsiblesCapitalX() throws Exception {
    Path top = Files.createDirectories(directory.resolve("top/sub"));
    Path plain = Files.writeString(directory.resolve("top/sub/plain"), "x");
    Path script = Files.writeString(directory.resolve("top/script"), "x");
    Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-rw-rw-"));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Map<String, Object> arguments = Map.of("path", directory.resolve("top").toString(), "state", "directory",
        "recurse", true, "mode", "u=rwX,g=rX,o=");

    assertThat(file(arguments).changed()).isTrue();
    assertThat(file(arguments).changed()).isFalse();
    assertThat(mode(plain)).isEqualTo("rw-r-----");
    assertThat(mode(script)).isEqualTo("rwxr-x---");
    assertThat(mode(top)).isEqualTo("rwxr-x---");
  }

  @Test
  void checkModeReportsWithoutWriting() {
    Hosts hosts = Hosts.local(directory).checkMode(true);

    ModuleResult result =
        new FileModule().execute(hosts.call(Map.of("path", directory + "/new", "state", "directory")));

    assertThat(result.changed()).isTrue();
    assertThat(directory.resolve("new")).doesNotExist();
    assertThat(hosts.commands).hasSize(1);
  }

  @Test
  void recurseNeedsStateDirectory() {
    assertThat(file(Map.of("path", directory.toString(), "recurse", true, "state", "file")).message())
        .isEqualTo("recurse option requires state to be 'directory'");
  }

  @Test
  void aRelativePathIsRefused() {
    assertThat(file(Map.of("path", "relative/x", "state", "directory")).message())
        .isEqualTo("path: 'relative/x' is not an absolute path (it must start with /)");
  }
}
