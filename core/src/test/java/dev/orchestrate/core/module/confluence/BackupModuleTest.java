package dev.orchestrate.core.module.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.undo.BackupKept;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.TransportModuleCall;
import dev.orchestrate.core.module.confluence.BackupPlan.Backup;
import dev.orchestrate.core.module.confluence.BackupPlan.Create;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.LocalTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupModuleTest {
  private static final Host HOST = new Host("n1", "127.0.0.1", new SshSettings("confluence", 22, Optional.empty(),
      Optional.empty(), Optional.empty(), Path.of("/dev/null"), SshSettings.Become.NONE, Duration.ofSeconds(5)));

  @TempDir
  Path dir;
  private Path home;
  private Path backups;

  @BeforeEach
  void home() throws IOException {
    home = dir.resolve("confluence");
    Files.createDirectories(home.resolve("attachments/ver003"));
    Files.writeString(home.resolve("confluence.cfg.xml"), "<confluence-configuration/>\n");
    Files.write(home.resolve("attachments/ver003/1"), new byte[70_000]);
    Files.writeString(home.resolve("a name with spaces"), "spaced");
    Files.createSymbolicLink(home.resolve("link"), Path.of("confluence.cfg.xml"));
    backups = dir.resolve("backups");
  }

  @Test
  void writesAnArchiveAndAManifestThatVerify() throws Exception {
    ModuleResult result = run(false, Map.of("src", home.toString(), "dest", backups.toString()));

    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(result.changed()).isTrue();
    Path archive = backups.resolve("confluence-run1.tar.gz");
    Path manifest = backups.resolve("confluence-run1.sha256");
    assertThat(result.fields()).containsEntry("archive", archive.toString()).containsEntry("manifest",
        manifest.toString()).containsEntry("files", 3L).containsEntry("bytes", Files.size(archive))
        .containsEntry("sha256", sha256(Files.readAllBytes(archive)));
    assertThat(Files.readAllLines(manifest)).containsExactly(
        sha256(Files.readAllBytes(home.resolve("a name with spaces"))) + "  ./a name with spaces",
        sha256(new byte[70_000]) + "  ./attachments/ver003/1",
        sha256(Files.readAllBytes(home.resolve("confluence.cfg.xml"))) + "  ./confluence.cfg.xml");
    assertThat(shell("tar -tvzf " + archive)).anyMatch(line -> line.startsWith("l") && line.endsWith(
        "./link -> confluence.cfg.xml"));
    assertThat(shell("cd " + home + " && sha256sum -c " + manifest)).hasSize(3).allMatch(line -> line.endsWith(": OK"));
    assertThat(backups).isDirectoryNotContaining(path -> path.toString().endsWith(".partial"));
    assertThat(result.undo()).containsExactly(new BackupKept(archive.toString(), manifest.toString(), home.toString()));
  }

  @Test
  void namesWithAccentsAndBackslashesVerifyInAnyLocale() throws Exception {
    // Named through the shell, since a JVM in the C locale cannot spell it.
    shell("printf 'odd name' > \"" + home + "/$(printf 'r\\303\\251sum\\303\\251 \\\\ draft.txt')\"");

    ModuleResult result = run(false, Map.of("src", home.toString(), "dest", backups.toString()));

    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(result.fields()).containsEntry("files", 4L);
  }

  @Test
  void aRerunFindsItsArchiveVerifiedAndLeavesIt() throws Exception {
    Map<String, Object> arguments = Map.of("src", home.toString(), "dest", backups.toString(), "name", "home");
    ModuleResult first = run(false, arguments);
    long written = Files.getLastModifiedTime(backups.resolve("home-run1.tar.gz")).toMillis();
    Files.writeString(home.resolve("confluence.cfg.xml"), "changed after the backup");

    ModuleResult second = run(false, arguments);

    assertThat(second.failed()).as(second.message()).isFalse();
    assertThat(second.changed()).isFalse();
    assertThat(second.message()).contains("verifies already");
    assertThat(second.fields().get("sha256")).isEqualTo(first.fields().get("sha256"));
    assertThat(Files.getLastModifiedTime(backups.resolve("home-run1.tar.gz")).toMillis()).isEqualTo(written);
  }

  @Test
  void anArchiveThatNoLongerVerifiesIsReportedAndKept() throws Exception {
    Map<String, Object> arguments = Map.of("src", home.toString(), "dest", backups.toString());
    run(false, arguments);
    Path archive = backups.resolve("confluence-run1.tar.gz");
    byte[] whole = Files.readAllBytes(archive);
    Files.write(archive, Arrays.copyOf(whole, whole.length / 2));

    ModuleResult again = run(false, arguments);

    assertThat(again.failed()).isTrue();
    assertThat(again.message()).contains("is not a sound gzip file");
    assertThat(Files.size(archive)).isEqualTo(whole.length / 2);
  }

  @Test
  void anArchiveCutBeforeItsGzipTrailerIsNotSound() throws Exception {
    Map<String, Object> arguments = Map.of("src", home.toString(), "dest", backups.toString());
    run(false, arguments);
    Path archive = backups.resolve("confluence-run1.tar.gz");
    byte[] whole = Files.readAllBytes(archive);
    Files.write(archive, Arrays.copyOf(whole, whole.length - 8));

    ModuleResult again = run(false, arguments);

    assertThat(again.failed()).isTrue();
    assertThat(again.message()).contains(archive + " is not a sound gzip file");
  }

  @Test
  void aByteChangedInTheCompressedDataIsFoundByGzipsChecksum() throws Exception {
    byte[] incompressible = new byte[256 * 1024];
    new Random(7).nextBytes(incompressible);
    Files.write(home.resolve("attachments/ver003/2"), incompressible);
    Map<String, Object> arguments = Map.of("src", home.toString(), "dest", backups.toString());
    run(false, arguments);
    Path archive = backups.resolve("confluence-run1.tar.gz");
    byte[] changed = Files.readAllBytes(archive);
    changed[changed.length / 2] ^= (byte) 0xff;
    Files.write(archive, changed);
    assertThat(shell("gzip -dc " + archive + " 2>/dev/null | tar -t -f -")).as("tar alone lists it")
        .contains("./attachments/ver003/2");

    ModuleResult again = run(false, arguments);

    assertThat(again.failed()).isTrue();
    assertThat(again.message()).contains(archive + " is not a sound gzip file");
  }

  @Test
  void anArchiveWrittenInLargeRecordsVerifies() throws Exception {
    Map<String, Object> arguments = Map.of("src", home.toString(), "dest", backups.toString());
    run(false, arguments);
    // Megabytes of padding after tar's end marker, which tar does not read and gzip still writes.
    shell("tar -C " + home + " -b 4096 -czf " + backups.resolve("confluence-run1.tar.gz") + " .");

    ModuleResult again = run(false, arguments);

    assertThat(again.failed()).as(again.message()).isFalse();
    assertThat(again.message()).contains("verifies already");
  }

  @Test
  void aSoundArchiveWithoutAFileOfItsManifestFailsTheVerification() throws Exception {
    Map<String, Object> arguments = Map.of("src", home.toString(), "dest", backups.toString());
    run(false, arguments);
    Files.delete(home.resolve("a name with spaces"));
    shell("tar -C " + home + " -czf " + backups.resolve("confluence-run1.tar.gz") + " .");

    ModuleResult again = run(false, arguments);

    assertThat(again.failed()).isTrue();
    assertThat(again.message()).contains("./a name with spaces is missing from the archive")
        .doesNotContain("cfg.xml", "not a sound gzip file");
  }

  @Test
  void aFailureBesideTheCompressionFailsTheBackupAndNamesNothing() throws Exception {
    String sha256sum = shell("command -v sha256sum").get(0);
    String gzip = shell("command -v gzip").get(0);
    Create create = new Create(Backup.of(RemotePath.of(home.toString()), RemotePath.of(backups.toString()), "home",
        "run1"));

    assertThat(createWith("sha256sum", "[ $# -eq 0 ] || exit 1; exec " + sha256sum, create))
        .contains("cannot compute the checksums of " + home);
    assertThat(createWith("sha256sum", "[ $# -eq 0 ] && exit 1; exec " + sha256sum + " \"$@\"", create))
        .contains("cannot compute the SHA-256 of " + backups.resolve("home-run1.tar.gz.partial"));
    assertThat(createWith("gzip", "if [ \"$1\" = -1 ]; then cat > /dev/null; echo 'disk full' >&2; exit 1; fi; exec " + gzip
        + " \"$@\"", create)).contains("tar failed: disk full");
  }

  /** The message of {@code create} run with {@code command} replaced by a script; nothing may be left in dest. */
  private String createWith(String command, String script, Create create) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin-" + script.hashCode()));
    Files.writeString(bin.resolve(command), "#!/bin/sh\n" + script + "\n");
    Files.setPosixFilePermissions(bin.resolve(command), PosixFilePermissions.fromString("rwxr-xr-x"));
    ModuleResult result = create.result(new LocalTransport().run(HOST, Command.of("PATH=" + bin + ":$PATH\n"
        + create.command().script())));

    assertThat(result.failed()).as(result.message()).isTrue();
    assertThat(backups).isEmptyDirectory();
    return result.message();
  }

  @Test
  void aManifestFileMissingFromTheArchiveFailsTheVerification() throws Exception {
    Map<String, Object> arguments = Map.of("src", home.toString(), "dest", backups.toString());
    run(false, arguments);
    Files.writeString(backups.resolve("confluence-run1.sha256"), "0".repeat(64) + "  ./never-archived\n",
        StandardOpenOption.APPEND);

    ModuleResult again = run(false, arguments);

    assertThat(again.failed()).isTrue();
    assertThat(again.message()).contains("./never-archived is missing from the archive").doesNotContain("cfg.xml");
  }

  @Test
  void aSingleFileIsBackedUpByItsName() throws Exception {
    ModuleResult result = run(false, Map.of("src", home.resolve("confluence.cfg.xml").toString(),
        "dest", backups.toString()));

    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(result.fields()).containsEntry("files", 1L);
    assertThat(Files.readString(backups.resolve("confluence.cfg.xml-run1.sha256")))
        .endsWith("  ./confluence.cfg.xml\n");
  }

  @Test
  void aMissingSourceFailsUnlessAllowed() {
    Map<String, Object> arguments = Map.of("src", dir.resolve("nothing").toString(), "dest", backups.toString());

    ModuleResult strict = run(false, arguments);
    ModuleResult lenient = run(false, Map.of("src", dir.resolve("nothing").toString(), "dest", backups.toString(),
        "missing_ok", true));

    assertThat(strict.failed()).isTrue();
    assertThat(strict.message()).contains("does not exist", "missing_ok");
    assertThat(lenient.failed()).isFalse();
    assertThat(lenient.changed()).isFalse();
    assertThat(backups).doesNotExist();
  }

  @Test
  void checkModeWritesNothing() {
    ModuleResult result = run(true, Map.of("src", home.toString(), "dest", backups.toString()));

    assertThat(result.changed()).isTrue();
    assertThat(result.message()).startsWith("would back up");
    assertThat(backups).doesNotExist();
  }

  @Test
  void backupsInsideTheirSourceAreRefused() {
    ModuleResult result = run(false, Map.of("src", home.toString(), "dest", home.resolve("backups").toString()));

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).contains("would hold itself");
    assertThat(home.resolve("backups")).doesNotExist();
  }

  private ModuleResult run(boolean checkMode, Map<String, Object> arguments) {
    TransportModuleCall.Context context = new TransportModuleCall.Context(new LocalTransport(), Map.of("n1", HOST),
        "run1", checkMode, dir, name -> Optional.empty());
    return new BackupModule().execute(new TransportModuleCall(context, "n1", "n1", arguments, text -> text,
        message -> { }));
  }

  private static List<String> shell(String script) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
    List<String> lines = new String(process.getInputStream().readAllBytes()).lines().toList();
    assertThat(process.waitFor()).as(String.join("\n", lines)).isZero();
    return lines;
  }

  private static String sha256(byte[] content) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
  }
}
