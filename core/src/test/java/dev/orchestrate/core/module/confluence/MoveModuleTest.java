package dev.orchestrate.core.module.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.TransportModuleCall;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.LocalTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MoveModuleTest {
  private static final Host HOST = new Host("n1", "127.0.0.1", new SshSettings("confluence", 22, Optional.empty(),
      Optional.empty(), Optional.empty(), Path.of("/dev/null"), SshSettings.Become.NONE, Duration.ofSeconds(5)));

  @TempDir
  Path dir;

  @Test
  void renamesADirectoryIntoAParentItCreates() throws IOException {
    Path src = tree(dir.resolve("home/attachments"));
    Path dest = dir.resolve("shared/new/attachments");

    ModuleResult result = run(new MoveModule(), false, Map.of("src", src.toString(), "dest", dest.toString()));

    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(result.changed()).isTrue();
    assertThat(result.fields()).containsEntry("method", "rename").containsEntry("moved", List.of(src.toString()));
    assertThat(src).doesNotExist();
    assertThat(listing(dest)).containsExactly("a.txt", "sub", "sub/b.bin", "sub/link");
    assertThat(result.undo()).containsEntry("kind", "move").containsEntry("src", src.toString())
        .containsEntry("dest", dest.toString()).containsEntry("contents", false);
  }

  @Test
  void movesEveryEntryIncludingHiddenOnesIntoAnExistingDirectory() throws IOException {
    Path src = tree(dir.resolve("home/shared-home"));
    Files.writeString(src.resolve(".hidden"), "dot");
    Path dest = Files.createDirectories(dir.resolve("shared"));
    Files.writeString(dest.resolve("already.txt"), "kept");

    ModuleResult result = run(new MoveModule(), false,
        Map.of("src", src.toString(), "dest", dest.toString(), "contents", true));

    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(result.changed()).isTrue();
    assertThat(src).doesNotExist();
    assertThat(listing(dest)).containsExactly(".hidden", "a.txt", "already.txt", "sub", "sub/b.bin", "sub/link");
    assertThat(Files.readString(dest.resolve("already.txt"))).isEqualTo("kept");
    assertThat(result.undo().get("entries")).asInstanceOf(InstanceOfAssertFactories.LIST)
        .containsExactlyInAnyOrder(".hidden", "a.txt", "sub");
    assertThat(result.fields().get("moved")).asInstanceOf(InstanceOfAssertFactories.LIST)
        .containsExactlyInAnyOrder(".hidden", "a.txt", "sub");
  }

  @Test
  void aClashFailsNamingItAndMovesNothing() throws IOException {
    Path src = tree(dir.resolve("home/shared-home"));
    Path dest = Files.createDirectories(dir.resolve("shared/sub"));
    Files.writeString(dest.resolve("theirs"), "not ours");

    ModuleResult contents = run(new MoveModule(), false,
        Map.of("src", src.toString(), "dest", dest.getParent().toString(), "contents", "yes"));
    ModuleResult whole = run(new MoveModule(), false, Map.of("src", src.toString(), "dest", dest.toString()));

    assertThat(contents.failed()).isTrue();
    assertThat(contents.message()).contains("holds sub already", "nothing moved");
    assertThat(whole.failed()).isTrue();
    assertThat(whole.message()).contains(dest + " exists already", "nothing moved");
    assertThat(listing(src)).containsExactly("a.txt", "sub", "sub/b.bin", "sub/link");
    assertThat(listing(dest.getParent())).containsExactly("sub", "sub/theirs");
    assertThat(contents.undo()).isEmpty();
  }

  @Test
  void aSecondRunFindsTheMoveDoneAndChangesNothing() throws IOException {
    Path src = tree(dir.resolve("home/shared-home"));
    Path dest = dir.resolve("shared");
    Map<String, Object> arguments = Map.of("src", src.toString(), "dest", dest.toString(), "contents", true);

    ModuleResult first = run(new MoveModule(), false, arguments);
    ModuleResult second = run(new MoveModule(), false, arguments);
    Files.createDirectories(src);
    ModuleResult emptySource = run(new MoveModule(), false, arguments);

    assertThat(first.changed()).isTrue();
    assertThat(second.changed()).isFalse();
    assertThat(second.failed()).isFalse();
    assertThat(second.message()).contains("done already");
    assertThat(second.undo()).isEmpty();
    assertThat(emptySource.changed()).isFalse();
    assertThat(emptySource.failed()).isFalse();
    assertThat(listing(dest)).containsExactly("a.txt", "sub", "sub/b.bin", "sub/link");
  }

  @Test
  void acrossFilesystemsItCopiesVerifiesThenRemovesTheSource() throws IOException {
    Path src = tree(dir.resolve("home/attachments"));
    Files.createDirectories(src.resolve("empty"));
    Path dest = dir.resolve("nfs/attachments");
    String before = checksums(src);

    ModuleResult result = run(new MoveModule(true), false, Map.of("src", src.toString(), "dest", dest.toString()));

    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(result.fields()).containsEntry("method", "copy");
    assertThat(src).doesNotExist();
    assertThat(checksums(dest)).isEqualTo(before);
    assertThat(Files.readSymbolicLink(dest.resolve("sub/link"))).isEqualTo(Path.of("../a.txt"));
    assertThat(dest.resolve("empty")).isEmptyDirectory();
    assertThat(dir.resolve("nfs")).isDirectoryNotContaining(path -> path.toString().endsWith(".orchestrate-partial"));
  }

  @Test
  void contentsAcrossFilesystemsAreCopiedEntryByEntry() throws IOException {
    Path src = tree(dir.resolve("home/shared-home"));
    Path dest = Files.createDirectories(dir.resolve("nfs/shared"));
    String before = checksums(src);

    ModuleResult result = run(new MoveModule(true), false,
        Map.of("src", src.toString(), "dest", dest.toString(), "contents", true));

    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(result.fields()).containsEntry("method", "copy");
    assertThat(src).doesNotExist();
    assertThat(checksums(dest)).isEqualTo(before);
    assertThat(listing(dest)).noneMatch(name -> name.contains("orchestrate-partial"));
  }

  @Test
  void checkModeReportsTheMoveAndMakesNone() throws IOException {
    Path src = tree(dir.resolve("home/attachments"));
    Path dest = dir.resolve("shared/attachments");

    ModuleResult result = run(new MoveModule(), true, Map.of("src", src.toString(), "dest", dest.toString()));

    assertThat(result.changed()).isTrue();
    assertThat(result.message()).startsWith("would move");
    assertThat(src).isDirectory();
    assertThat(dest).doesNotExist();
  }

  @Test
  void aDestinationInsideTheSourceIsRefused() throws IOException {
    Path src = tree(dir.resolve("home"));

    ModuleResult result = run(new MoveModule(), false,
        Map.of("src", src.toString(), "dest", src.resolve("inner").toString()));

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).contains("cannot be moved into itself");
  }

  static ModuleResult run(Module module, boolean checkMode, Map<String, Object> arguments) {
    TransportModuleCall.Context context = new TransportModuleCall.Context(new LocalTransport(), Map.of("n1", HOST),
        "run1", checkMode, Path.of("."), name -> Optional.empty());
    return module.execute(new TransportModuleCall(context, "n1", "n1", arguments, text -> text, message -> { }));
  }

  private static Path tree(Path root) throws IOException {
    Files.createDirectories(root.resolve("sub"));
    Files.writeString(root.resolve("a.txt"), "alpha");
    Files.write(root.resolve("sub/b.bin"), new byte[] {0, 1, 2, (byte) 255});
    Files.createSymbolicLink(root.resolve("sub/link"), Path.of("../a.txt"));
    return root;
  }

  private static List<String> listing(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(path -> !path.equals(root)).map(path -> root.relativize(path).toString()).sorted().toList();
    }
  }

  private static String checksums(Path root) throws IOException {
    StringBuilder all = new StringBuilder();
    for (String name : listing(root)) {
      Path path = root.resolve(name);
      all.append(name).append(' ');
      if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        all.append(HexFormat.of().formatHex(sha256(Files.readAllBytes(path))));
      }
      all.append('\n');
    }
    return all.toString();
  }

  private static byte[] sha256(byte[] content) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
