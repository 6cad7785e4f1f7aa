package dev.orchestrate.core.module.confluence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.TransportModuleCall;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.ConnectionLostException;
import dev.orchestrate.core.transport.ForwardingTransport;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.LocalTransport;
import dev.orchestrate.core.transport.Transport;
import dev.orchestrate.core.undo.MoveBack;
import dev.orchestrate.core.undo.Ownership;
import dev.orchestrate.core.undo.UndoRecord;
import dev.orchestrate.core.undo.UndoRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
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
    assertThat(result.undo()).containsExactly(MoveBack.whole(src.toString(), dest.toString()));
  }

  @Test
  void movesEveryEntryIncludingHiddenOnesIntoAnExistingDirectory() throws IOException {
    Path src = tree(dir.resolve("home/shared-home"));
    Files.writeString(src.resolve(".hidden"), "dot");
    Path dest = Files.createDirectories(dir.resolve("shared"));
    Files.writeString(dest.resolve("already.txt"), "kept");
    Ownership owner = ownership(src);

    ModuleResult result = run(new MoveModule(), false,
        Map.of("src", src.toString(), "dest", dest.toString(), "contents", true));

    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(result.changed()).isTrue();
    assertThat(src).doesNotExist();
    assertThat(listing(dest)).containsExactly(".hidden", "a.txt", "already.txt", "sub", "sub/b.bin", "sub/link");
    assertThat(Files.readString(dest.resolve("already.txt"))).isEqualTo("kept");
    assertThat(result.undo()).singleElement().isInstanceOfSatisfying(MoveBack.class, move -> {
      assertThat(move.entries()).containsExactlyInAnyOrder(".hidden", "a.txt", "sub");
      assertThat(move.ownership()).as("the owner of the folder the move removes").contains(owner);
    });
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

  @Test
  void aMoveCutOffAndRunAgainIsUndoneWholeByWhatBothAttemptsRecorded() throws IOException {
    Path src = tree(dir.resolve("home/shared-home"));
    Files.writeString(src.resolve(".hidden"), "dot");
    Path dest = dir.resolve("shared");
    // The first attempt moves one entry, then its connection drops before the module hears back.
    Transport cutAfterOneEntry = new ForwardingTransport(new LocalTransport()) {
      private boolean cut;

      @Override
      public CommandResult run(Host host, Command command) {
        if (cut || !command.script().contains("echo \"moved $name\"")) {
          return super.run(host, command);
        }
        cut = true;
        super.run(host, new Command(command.script().replace("echo \"moved $name\"", "echo \"moved $name\"; exit 0"),
            command.secrets(), command.stdin(), command.timeout(), command.listener(), command.captureLimit()));
        throw new ConnectionLostException("n1", "connection reset", null);
      }
    };
    TransportModuleCall call = call(cutAfterOneEntry, false,
        Map.of("src", src.toString(), "dest", dest.toString(), "contents", true));

    assertThatThrownBy(() -> new MoveModule().execute(call)).isInstanceOf(ConnectionLostException.class);
    List<String> movedFirst = listing(dest);
    ModuleResult rerun = new MoveModule().execute(call);

    assertThat(movedFirst).as("the first attempt moved one entry").hasSize(1);
    assertThat(rerun.failed()).as(rerun.message()).isFalse();
    assertThat(rerun.undo()).singleElement().isInstanceOfSatisfying(MoveBack.class,
        move -> assertThat(move.entries()).as("the rerun moves only the rest").hasSize(2));
    List<UndoRecord> recorded = new ArrayList<>(call.intents());
    recorded.addAll(rerun.undo());
    List<UndoRecord> merged = UndoRecords.merge(recorded);
    assertThat(merged).singleElement().isInstanceOfSatisfying(MoveBack.class,
        move -> assertThat(move.entries()).containsExactlyInAnyOrder(".hidden", "a.txt", "sub"));

    ModuleResult undone = new UndoModule().execute(call(new LocalTransport(), false,
        Map.of("record", merged.get(0).toJson(), "run", "run1")));

    assertThat(undone.failed()).as(undone.message()).isFalse();
    assertThat(listing(src)).containsExactly(".hidden", "a.txt", "sub", "sub/b.bin", "sub/link");
    assertThat(dest).isEmptyDirectory();
  }

  @Test
  void theIntentNamesEveryEntryBeforeAnyMoves() throws IOException {
    Path src = tree(dir.resolve("home/shared-home"));
    Path dest = dir.resolve("shared");
    List<String> seenAtIntent = new ArrayList<>();
    TransportModuleCall.Context context = new TransportModuleCall.Context(new LocalTransport(), Map.of("n1", HOST),
        "run1", false, Path.of("."), name -> Optional.empty());
    TransportModuleCall call = new TransportModuleCall(context, "n1", "n1",
        Map.of("src", src.toString(), "dest", dest.toString(), "contents", true), text -> text, message -> { },
        record -> seenAtIntent.addAll(uncheckedListing(src)));

    ModuleResult result = new MoveModule().execute(call);

    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(seenAtIntent).as("nothing had moved when the intent was recorded")
        .containsExactly("a.txt", "sub", "sub/b.bin", "sub/link");
    assertThat(call.intents()).singleElement().isInstanceOfSatisfying(MoveBack.class,
        move -> assertThat(move.entries()).containsExactlyInAnyOrder("a.txt", "sub"));
  }

  static ModuleResult run(Module module, boolean checkMode, Map<String, Object> arguments) {
    return module.execute(call(new LocalTransport(), checkMode, arguments));
  }

  private static TransportModuleCall call(Transport transport, boolean checkMode, Map<String, Object> arguments) {
    TransportModuleCall.Context context = new TransportModuleCall.Context(transport, Map.of("n1", HOST),
        "run1", checkMode, Path.of("."), name -> Optional.empty());
    return new TransportModuleCall(context, "n1", "n1", arguments, text -> text, message -> { });
  }

  private static Ownership ownership(Path folder) throws IOException {
    int mode = (Integer) Files.getAttribute(folder, "unix:mode") & 07777;
    return new Ownership(String.valueOf(Files.getAttribute(folder, "unix:uid")),
        String.valueOf(Files.getAttribute(folder, "unix:gid")), Integer.toOctalString(mode));
  }

  private static List<String> uncheckedListing(Path root) {
    try {
      return listing(root);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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
