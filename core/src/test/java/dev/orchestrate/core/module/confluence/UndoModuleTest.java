package dev.orchestrate.core.module.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.TransportModuleCall;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.LocalTransport;
import dev.orchestrate.core.undo.BackupKept;
import dev.orchestrate.core.undo.MoveBack;
import dev.orchestrate.core.undo.Ownership;
import dev.orchestrate.core.undo.RemoveCreated;
import dev.orchestrate.core.undo.RestoreFile;
import dev.orchestrate.core.undo.ServiceWas;
import dev.orchestrate.core.undo.SetAside;
import dev.orchestrate.core.undo.SynchronyWas;
import dev.orchestrate.core.undo.UndoRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UndoModuleTest {
  private static final Host HOST = new Host("n1", "127.0.0.1", new SshSettings("confluence", 22, Optional.empty(),
      Optional.empty(), Optional.empty(), Path.of("/dev/null"), SshSettings.Become.NONE, Duration.ofSeconds(5)));
  /** The run being undone; the rollback itself runs as another, so the names set aside must use this one. */
  private static final String RUN = "20240101T000000-undone";
  private static final String ASIDE = ".orchestrate-rollback-" + RUN;

  private static final byte[] ORIGINAL = "<confluence-configuration>\r\n  <setup-type>custom</setup-type>\u00e9\r\n"
      .getBytes(StandardCharsets.UTF_8);
  private static final byte[] FIRST_EDIT = "<confluence-configuration>\r\n  <cluster/>\r\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SECOND_EDIT = "<confluence-configuration>\r\n  <cluster>on</cluster>\r\n"
      .getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path dir;

  @Test
  void restoreFileBringsTheBackupBackAndASecondCallChangesNothing() throws IOException {
    Path file = write("home/confluence.cfg.xml", FIRST_EDIT);
    Path backup = write("home/confluence.cfg.xml.orchestrate-" + RUN, ORIGINAL);
    Map<String, Object> record = restore(file, backup, ORIGINAL, FIRST_EDIT);

    ModuleResult first = undo(record, false);
    ModuleResult second = undo(record, false);

    assertThat(first.failed()).as(first.message()).isFalse();
    assertThat(first.changed()).isTrue();
    assertThat(first.message()).contains(file + " restored from " + backup).doesNotContain("kept as");
    assertThat(Files.readAllBytes(file)).isEqualTo(ORIGINAL);
    assertThat(Files.readAllBytes(backup)).as("the backup is kept").isEqualTo(ORIGINAL);
    assertThat(file.resolveSibling(file.getFileName() + ASIDE)).doesNotExist();
    assertThat(second.failed()).as(second.message()).isFalse();
    assertThat(second.changed()).isFalse();
    assertThat(second.message()).contains("as before the run");
  }

  @Test
  void aRecordWithoutChecksumsIsRestoredOnceAndThenFoundDone() throws IOException {
    Path file = write("install/conf/server.xml", FIRST_EDIT);
    Path backup = write("install/conf/server.xml.1234.2024-01-01@00:00:00~", ORIGINAL);
    Map<String, Object> record = Map.of("kind", "restore_file", "path", file.toString(), "backup", backup.toString());

    ModuleResult first = undo(record, false);
    ModuleResult second = undo(record, false);

    assertThat(first.changed()).as(first.message()).isTrue();
    assertThat(Files.readAllBytes(file)).isEqualTo(ORIGINAL);
    assertThat(second.failed()).isFalse();
    assertThat(second.changed()).isFalse();
  }

  @Test
  void twoEditsOfOneFileUndoneNewestFirstLeaveItByteForByteAsBefore() throws IOException {
    Path file = write("home/confluence.cfg.xml", SECOND_EDIT);
    Path backup = write("home/confluence.cfg.xml.orchestrate-" + RUN, ORIGINAL);
    Map<String, Object> firstEdit = restore(file, backup, ORIGINAL, FIRST_EDIT);
    Map<String, Object> secondEdit = restore(file, backup, FIRST_EDIT, SECOND_EDIT);

    ModuleResult newest = undo(secondEdit, false);
    ModuleResult oldest = undo(firstEdit, false);

    assertThat(newest.failed()).as(newest.message()).isFalse();
    assertThat(newest.changed()).isTrue();
    assertThat(oldest.failed()).as(oldest.message()).isFalse();
    assertThat(oldest.changed()).as("the newest edit's backup undid both").isFalse();
    assertThat(Files.readAllBytes(file)).isEqualTo(ORIGINAL);
    assertThat(listing()).containsExactly("home", "home/confluence.cfg.xml", "home/confluence.cfg.xml.orchestrate-" + RUN);
  }

  @Test
  void aFileChangedAfterTheRunIsRestoredAndItsChangedContentKeptAside() throws IOException {
    byte[] byHand = "edited by hand after the run\n".getBytes(StandardCharsets.UTF_8);
    Path file = write("home/confluence.cfg.xml", byHand);
    Path backup = write("home/confluence.cfg.xml.orchestrate-" + RUN, ORIGINAL);

    ModuleResult result = undo(restore(file, backup, ORIGINAL, FIRST_EDIT), false);

    Path aside = file.resolveSibling(file.getFileName() + ASIDE);
    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(result.changed()).isTrue();
    assertThat(result.message()).contains("kept as " + aside);
    assertThat(Files.readAllBytes(file)).isEqualTo(ORIGINAL);
    assertThat(Files.readAllBytes(aside)).isEqualTo(byHand);
  }

  @Test
  void aMissingBackupFailsNamingThePathAndTouchesNothing() throws IOException {
    Path file = write("home/confluence.cfg.xml", FIRST_EDIT);
    Path backup = dir.resolve("home/confluence.cfg.xml.orchestrate-" + RUN);
    Map<String, String> before = snapshot();

    ModuleResult result = undo(restore(file, backup, ORIGINAL, FIRST_EDIT), false);
    Map<String, Object> withoutBackup = new LinkedHashMap<>(restore(file, backup, ORIGINAL, FIRST_EDIT));
    withoutBackup.remove("backup");
    ModuleResult noneKept = undo(withoutBackup, false);

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).contains(file.toString(), "cannot restore", backup.toString());
    assertThat(noneKept.failed()).isTrue();
    assertThat(noneKept.message()).contains(file.toString(), "none was kept");
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void aCreatedFileIsSetAsideNeverDeletedAndASecondCallFindsItDone() throws IOException {
    Path file = write("home/cluster.properties", FIRST_EDIT);
    Map<String, Object> record = Map.of("kind", "remove_file", "path", file.toString(), "sha256_after",
        sha256(FIRST_EDIT));

    ModuleResult first = undo(record, false);
    ModuleResult second = undo(record, false);

    assertThat(first.changed()).as(first.message()).isTrue();
    assertThat(file).doesNotExist();
    assertThat(Files.readAllBytes(file.resolveSibling(file.getFileName() + ASIDE))).isEqualTo(FIRST_EDIT);
    assertThat(second.failed()).isFalse();
    assertThat(second.changed()).isFalse();
    assertThat(second.message()).contains("already");
  }

  @Test
  void aCopyIsSetAsideWholeAndASecondCallFindsItDone() throws IOException {
    Path copy = dir.resolve("node2/opt/atlassian/confluence");
    write("node2/opt/atlassian/confluence/bin/start-confluence.sh", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
    Map<String, Object> record = Map.of("kind", "remove_copy", "path", copy.toString());

    ModuleResult first = undo(record, false);
    ModuleResult second = undo(record, false);

    assertThat(first.changed()).as(first.message()).isTrue();
    assertThat(copy).doesNotExist();
    assertThat(copy.resolveSibling("confluence" + ASIDE).resolve("bin/start-confluence.sh")).hasContent("#!/bin/sh");
    assertThat(second.failed()).isFalse();
    assertThat(second.changed()).isFalse();
    assertThat(second.message()).contains("already");
  }

  @Test
  void aCreatedPathIsRemovedOnlyWhenAnEmptyFolderAndSetAsideWhenAFile() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("shared/empty"));
    Path full = Files.createDirectories(dir.resolve("shared/full"));
    write("shared/full/attachment", ORIGINAL);
    Path file = write("shared/created.txt", FIRST_EDIT);

    ModuleResult removed = undo(Map.of("kind", "remove_path", "path", empty.toString()), false);
    ModuleResult removedAgain = undo(Map.of("kind", "remove_path", "path", empty.toString()), false);
    ModuleResult left = undo(Map.of("kind", "remove_path", "path", full.toString()), false);
    ModuleResult setAside = undo(Map.of("kind", "remove_path", "path", file.toString()), false);

    assertThat(removed.changed()).as(removed.message()).isTrue();
    assertThat(empty).doesNotExist();
    assertThat(removedAgain.failed()).isFalse();
    assertThat(removedAgain.changed()).isFalse();
    assertThat(left.failed()).isFalse();
    assertThat(left.changed()).isFalse();
    assertThat(left.message()).contains("left in place");
    assertThat(Files.readAllBytes(full.resolve("attachment"))).isEqualTo(ORIGINAL);
    assertThat(setAside.changed()).as(setAside.message()).isTrue();
    assertThat(file).doesNotExist();
    assertThat(Files.readAllBytes(file.resolveSibling(file.getFileName() + ASIDE))).isEqualTo(FIRST_EDIT);
  }

  @Test
  void aMovedDirectoryIsMovedBackByItsOwnRecord() throws IOException {
    Path src = tree("home/attachments");
    Path dest = dir.resolve("shared/attachments");
    String before = checksums(src);
    ModuleResult moved = new MoveModule().execute(call(false, Map.of("src", src.toString(), "dest", dest.toString())));

    ModuleResult back = undo(moved.undo().get(0).toJson(), false);
    ModuleResult again = undo(moved.undo().get(0).toJson(), false);

    assertThat(moved.changed()).as(moved.message()).isTrue();
    assertThat(back.failed()).as(back.message()).isFalse();
    assertThat(back.changed()).isTrue();
    assertThat(dest).doesNotExist();
    assertThat(checksums(src)).isEqualTo(before);
    assertThat(again.failed()).as(again.message()).isFalse();
    assertThat(again.changed()).isFalse();
  }

  @Test
  void movedContentsGoBackIntoTheSourceAndWhatWasThereBeforeStays() throws IOException {
    Path src = tree("home/shared-home");
    write("home/shared-home/.hidden", FIRST_EDIT);
    Path dest = Files.createDirectories(dir.resolve("shared"));
    write("shared/theirs.txt", ORIGINAL);
    String before = checksums(src);
    ModuleResult moved = new MoveModule().execute(call(false,
        Map.of("src", src.toString(), "dest", dest.toString(), "contents", true)));

    ModuleResult back = undo(moved.undo().get(0).toJson(), false);
    ModuleResult again = undo(moved.undo().get(0).toJson(), false);

    assertThat(moved.changed()).as(moved.message()).isTrue();
    assertThat(back.failed()).as(back.message()).isFalse();
    assertThat(back.changed()).isTrue();
    assertThat(checksums(src)).isEqualTo(before);
    assertThat(listing(dest)).containsExactly("theirs.txt");
    assertThat(again.failed()).as(again.message()).isFalse();
    assertThat(again.changed()).isFalse();
  }

  @Test
  void serviceAndBackupRecordsChangeNothing() throws IOException {
    Path archive = write("home/orchestrate-backups/local-home.tar.gz", ORIGINAL);
    Path manifest = write("home/orchestrate-backups/local-home.sha256", FIRST_EDIT);
    Map<String, String> before = snapshot();

    ModuleResult service = undo(Map.of("kind", "service", "node", "n1", "was", "running", "install_dir",
        dir.resolve("install").toString()), false);
    ModuleResult backup = undo(Map.of("kind", "backup", "archive", archive.toString(), "manifest", manifest.toString(),
        "src", dir.resolve("home").toString()), false);

    assertThat(service.failed()).isFalse();
    assertThat(service.changed()).isFalse();
    assertThat(backup.failed()).isFalse();
    assertThat(backup.changed()).isFalse();
    assertThat(backup.message()).contains(archive.toString());
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void checkModeReportsEachUndoAndChangesNothing() throws IOException {
    Path file = write("home/confluence.cfg.xml", FIRST_EDIT);
    Path backup = write("home/confluence.cfg.xml.orchestrate-" + RUN, ORIGINAL);
    Path created = write("home/cluster.properties", SECOND_EDIT);
    Path empty = Files.createDirectories(dir.resolve("shared/empty"));
    Path src = dir.resolve("home/attachments");
    tree("shared/attachments");
    Map<String, String> before = snapshot();

    List<ModuleResult> results = List.of(
        undo(restore(file, backup, ORIGINAL, FIRST_EDIT), true),
        undo(Map.of("kind", "remove_file", "path", created.toString()), true),
        undo(Map.of("kind", "remove_copy", "path", created.toString()), true),
        undo(Map.of("kind", "remove_path", "path", empty.toString()), true),
        undo(Map.of("kind", "move", "src", src.toString(), "dest", dir.resolve("shared/attachments").toString(),
            "contents", false, "entries", List.of()), true));

    assertThat(results).allSatisfy(result -> {
      assertThat(result.failed()).as(result.message()).isFalse();
      assertThat(result.changed()).as(result.message()).isTrue();
      assertThat(result.message()).startsWith("would");
    });
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void anUnknownKindFailsNamingIt() {
    ModuleResult unknown = undo(Map.of("kind", "format_disk", "path", dir.toString()), false);
    ModuleResult notARecord = new UndoModule().execute(call(false, Map.of("record", "restore_file", "run", RUN)));

    assertThat(unknown.failed()).isTrue();
    assertThat(unknown.message()).contains("'format_disk'");
    assertThat(notARecord.failed()).isTrue();
    assertThat(notARecord.message()).contains("'record' must be an undo record");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void aLoopsRecordIsRefusedSinceItsItemsAreUndoneOneByOne() throws IOException {
    Path file = write("home/cluster.properties", FIRST_EDIT);

    ModuleResult result = undo(Map.of("items", List.of(Map.of("kind", "remove_file", "path", file.toString()))), false);

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).contains("a loop's record");
    assertThat(file).exists();
  }

  @Test
  void aRestoredFileGetsBackItsOwnerGroupAndMode() throws IOException {
    Path file = write("home/confluence.cfg.xml", FIRST_EDIT);
    Path backup = write("home/confluence.cfg.xml.orchestrate-" + RUN, ORIGINAL);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    Map<String, Object> record = new RestoreFile(file.toString(), backup.toString(), sha256(ORIGINAL),
        sha256(FIRST_EDIT), Optional.of(new Ownership("4242", "4343", "640"))).toJson();

    ModuleResult result = undo(record, false);

    assertThat(result.changed()).as(result.message()).isTrue();
    assertThat(Files.readAllBytes(file)).isEqualTo(ORIGINAL);
    assertThat(Files.getAttribute(file, "unix:uid")).isEqualTo(4242);
    assertThat(Files.getAttribute(file, "unix:gid")).isEqualTo(4343);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
  }

  @Test
  void theFolderAMoveOfContentsRemovedIsMadeAgainWithItsOwner() throws IOException {
    Path src = tree("home/shared-home");
    Files.setAttribute(src, "unix:uid", 4242);
    Files.setAttribute(src, "unix:gid", 4343);
    Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rwxr-x---"));
    Path dest = dir.resolve("shared");
    ModuleResult moved = new MoveModule().execute(call(false,
        Map.of("src", src.toString(), "dest", dest.toString(), "contents", true)));

    ModuleResult back = undo(moved.undo().get(0).toJson(), false);

    assertThat(moved.changed()).as(moved.message()).isTrue();
    assertThat(back.failed()).as(back.message()).isFalse();
    assertThat(listing(src)).containsExactly("a.txt", "sub", "sub/b.bin", "sub/link");
    assertThat(Files.getAttribute(src, "unix:uid")).isEqualTo(4242);
    assertThat(Files.getAttribute(src, "unix:gid")).isEqualTo(4343);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(src))).isEqualTo("rwxr-x---");
  }

  /** What each module intends before it changes anything: undone when the change never came, it finds nothing to do. */
  @Test
  void theIntentOfAChangeThatNeverHappenedFindsNothingToUndo() throws IOException {
    Path file = write("home/confluence.cfg.xml", ORIGINAL);
    Path src = tree("home/shared-home");
    Path attachments = tree("home/attachments");
    Path shared = Files.createDirectories(dir.resolve("shared"));
    Map<String, String> before = snapshot();
    List<UndoRecord> intents = List.of(
        new RestoreFile(file.toString(), file + ".orchestrate-" + RUN, sha256(ORIGINAL), sha256(FIRST_EDIT),
            Optional.of(new Ownership("0", "0", "644"))),
        new RestoreFile(file.toString(), "", sha256(ORIGINAL), sha256(FIRST_EDIT), Optional.empty()),
        SetAside.createdFile(dir.resolve("home/cluster.properties").toString(), sha256(FIRST_EDIT)),
        SetAside.copy(dir.resolve("node2/opt/atlassian/confluence").toString()),
        new RemoveCreated(dir.resolve("home/new-folder").toString()),
        new MoveBack(src.toString(), shared.toString(), true, List.of("a.txt", "sub"), Optional.empty()),
        MoveBack.whole(attachments.toString(), shared.resolve("attachments").toString()),
        SynchronyWas.stopped(dir.resolve("synchrony").toString()),
        ServiceWas.of("running"),
        new BackupKept(dir.resolve("backups/home.tar.gz").toString(), dir.resolve("backups/home.sha256").toString(),
            dir.resolve("home").toString()));

    List<ModuleResult> results = intents.stream().map(intent -> undo(intent.toJson(), false)).toList();

    assertThat(results).allSatisfy(result -> {
      assertThat(result.failed()).as(result.message()).isFalse();
      assertThat(result.changed()).as(result.message()).isFalse();
    });
    assertThat(snapshot()).isEqualTo(before);
  }

  private static Map<String, Object> restore(Path file, Path backup, byte[] before, byte[] after) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("kind", "restore_file");
    record.put("path", file.toString());
    record.put("backup", backup.toString());
    record.put("sha256_before", sha256(before));
    record.put("sha256_after", sha256(after));
    return record;
  }

  private static ModuleResult undo(Map<String, Object> record, boolean checkMode) {
    return new UndoModule().execute(call(checkMode, Map.of("record", record, "run", RUN)));
  }

  private static TransportModuleCall call(boolean checkMode, Map<String, Object> arguments) {
    TransportModuleCall.Context context = new TransportModuleCall.Context(new LocalTransport(), Map.of("n1", HOST),
        "20240102T000000-rollback", checkMode, Path.of("."), name -> Optional.empty());
    return new TransportModuleCall(context, "n1", "n1", arguments, text -> text, message -> { });
  }

  private Path write(String name, byte[] content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.write(file, content);
  }

  private Path tree(String name) throws IOException {
    Path root = Files.createDirectories(dir.resolve(name).resolve("sub"));
    Files.writeString(root.getParent().resolve("a.txt"), "alpha");
    Files.write(root.resolve("b.bin"), new byte[] {0, 1, 2, (byte) 255});
    Files.createSymbolicLink(root.resolve("link"), Path.of("../a.txt"));
    return root.getParent();
  }

  private List<String> listing() throws IOException {
    return listing(dir);
  }

  private static List<String> listing(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(path -> !path.equals(root)).map(path -> root.relativize(path).toString()).sorted().toList();
    }
  }

  /** Every path under the folder with its content's checksum (or what it is): equal snapshots, nothing changed. */
  private Map<String, String> snapshot() throws IOException {
    Map<String, String> all = new LinkedHashMap<>();
    for (String name : listing()) {
      Path path = dir.resolve(name);
      all.put(name, Files.isSymbolicLink(path) ? "link " + Files.readSymbolicLink(path)
          : Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? "dir" : sha256(Files.readAllBytes(path)));
    }
    return all;
  }

  private static String checksums(Path root) throws IOException {
    StringBuilder all = new StringBuilder();
    for (String name : listing(root)) {
      Path path = root.resolve(name);
      all.append(name).append(' ');
      if (Files.isSymbolicLink(path)) {
        all.append("-> ").append(Files.readSymbolicLink(path));
      } else if (Files.isRegularFile(path)) {
        all.append(sha256(Files.readAllBytes(path)));
      }
      all.append('\n');
    }
    return all.toString();
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
