package dev.orchestrate.core.module.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.confluence.MovePlan.Move;
import dev.orchestrate.core.module.confluence.MovePlan.Request;
import dev.orchestrate.core.module.confluence.MovePlan.Seen;
import dev.orchestrate.core.module.confluence.MovePlan.Settled;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.undo.MoveBack;
import dev.orchestrate.core.undo.Ownership;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * move's decisions, with no host: what the probe's lines and the arguments make it refuse, find
 * done, or send, and what the moving script's output makes of the task.
 */
class MovePlanTest {
  private static final Request WHOLE = new Request(RemotePath.of("/var/confluence/attachments"),
      RemotePath.of("/shared/attachments"), false, false);
  private static final Request CONTENTS = new Request(RemotePath.of("/var/confluence/shared-home"),
      RemotePath.of("/shared"), true, false);
  private static final String LOCAL = "srcmount 2049 /\ndestmount 2049 /\n";
  private static final String NFS = "srcmount 2049 /\ndestmount 53 /shared\n";

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of(WHOLE, "src absent\ndest absent\ndestmount 2049 /\n",
            "neither /var/confluence/attachments nor /shared/attachments exists: nothing to move"),
        Arguments.of(WHOLE, "src dir\ndest dir\n" + LOCAL,
            "/shared/attachments exists already; nothing moved (a move never replaces anything)"),
        Arguments.of(WHOLE, "src file\ndest link\n" + LOCAL,
            "/shared/attachments exists already; nothing moved (a move never replaces anything)"),
        Arguments.of(CONTENTS, "src link\ndest dir\n" + LOCAL,
            "/var/confluence/shared-home is a symbolic link; contents: true moves what is inside a directory"),
        Arguments.of(CONTENTS, "src file\ndest absent\n" + LOCAL,
            "/var/confluence/shared-home is a file; contents: true moves what is inside a directory"),
        Arguments.of(CONTENTS, "src dir\ndest file\n" + LOCAL,
            "/shared exists and is not a directory; nothing moved"),
        Arguments.of(CONTENTS, "src absent\ndest absent\ndestmount 2049 /\n",
            "neither /var/confluence/shared-home nor /shared exists: nothing to move"),
        Arguments.of(CONTENTS, "src dir\ndest dir\n" + LOCAL + "entry config\nlinebreak\n",
            "/var/confluence/shared-home holds an entry whose name has a line break; move it by hand; nothing moved"),
        Arguments.of(CONTENTS, "src dir\ndest dir\n" + LOCAL + "entry config\nclash config\nentry avatars\n"
            + "entry index\nclash index\n",
            "/shared holds config, index already; nothing moved (a move never replaces anything)"));
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void whateverWouldReplaceSomethingOrCannotMoveIsRefusedBeforeAnythingIsSent(Request request, String probe,
      String message) {
    for (boolean checkMode : List.of(false, true)) {
      assertThat(settled(request, probe, checkMode)).isEqualTo(ModuleResult.failed(message));
    }
  }

  static Stream<Arguments> doneAlready() {
    return Stream.of(
        Arguments.of(WHOLE, "src absent\ndest dir\ndestmount 53 /shared\n",
            "move /var/confluence/attachments to /shared/attachments: done already (/var/confluence/attachments is"
                + " gone, /shared/attachments is there)"),
        Arguments.of(CONTENTS, "src absent\ndest dir\ndestmount 53 /shared\n",
            "move the contents of /var/confluence/shared-home to /shared: done already (/var/confluence/shared-home"
                + " is gone, /shared is there)"),
        Arguments.of(CONTENTS, "src dir\ndest dir\nsrcowner 1000 1000 750\n" + NFS,
            "move the contents of /var/confluence/shared-home to /shared: done already (/var/confluence/shared-home"
                + " is empty, /shared is there)"));
  }

  @ParameterizedTest
  @MethodSource("doneAlready")
  void aMoveWhoseSourceIsGoneOrEmptyAndWhoseTargetIsThereIsDone(Request request, String probe, String message) {
    assertThat(settled(request, probe, false)).isEqualTo(ModuleResult.ok(message));
  }

  @Test
  void checkModeSaysHowItWouldMove() {
    assertThat(settled(WHOLE, "src dir\ndest absent\n" + LOCAL, true)).isEqualTo(ModuleResult.changed(
        "would move /var/confluence/attachments to /shared/attachments (rename)"));
    assertThat(settled(CONTENTS, "src dir\ndest dir\n" + NFS + "entry config\n", true)).isEqualTo(
        ModuleResult.changed("would move the contents of /var/confluence/shared-home to /shared (copy)"));
  }

  @Test
  void withinOneMountAWholeDirectoryIsRenamed() {
    Move move = move(WHOLE, "src dir\ndest absent\nsrcowner 1000 1000 750\n" + LOCAL, false);

    assertThat(move.method()).isEqualTo("rename");
    assertThat(move.intent()).isEqualTo(MoveBack.whole("/var/confluence/attachments", "/shared/attachments"));
    Command command = move.command();
    assertThat(command.script()).contains("mv -T -- \"$src\" \"$dest\" || exit 5").doesNotContain("transfer");
    assertThat(command.timeout()).isEqualTo(Command.DEFAULT_TIMEOUT);
  }

  @Test
  void acrossMountsTheCopyIsVerifiedBeforeTheSourceGoes() {
    Move move = move(WHOLE, "src dir\ndest absent\n" + NFS, false);

    assertThat(move.method()).isEqualTo("copy");
    String script = move.command().script();
    assertThat(script).contains("transfer \"$src\" \"$dest\"");
    assertThat(script.indexOf("if [ \"$original\" != \"$copy\" ]")).as("compared before the rename into place")
        .isLessThan(script.indexOf("mv -T -- \"$partial\" \"$2\""));
    assertThat(script.indexOf("mv -T -- \"$partial\" \"$2\"")).as("and in place before the source is removed")
        .isLessThan(script.indexOf("rm -rf -- \"$1\""));
    assertThat(move.command().timeout()).isEqualTo(Duration.ofHours(12));
    assertThat(move(WHOLE, "src dir\ndest absent\n" + LOCAL, true).method()).as("alwaysCopy").isEqualTo("copy");
  }

  @Test
  void aMoveOfContentsIntendsEveryEntryAndTheOwnerOfTheFolderItRemoves() {
    Move move = move(CONTENTS, "src dir\ndest dir\nsrcowner 1000 1001 750\n" + LOCAL + "entry config\n"
        + "entry .hidden\nentry it's\n", false);

    Ownership owner = new Ownership("1000", "1001", "750");
    assertThat(move.intent()).isEqualTo(new MoveBack("/var/confluence/shared-home", "/shared", true,
        List.of("config", ".hidden", "it's"), Optional.of(owner)));
    String script = move.command().script();
    assertThat(script).contains("for name in config .hidden 'it'\\''s'; do",
        "failed $dest/$name appeared meanwhile", "rmdir -- \"$src\"");
    assertThat(script.indexOf("appeared meanwhile")).as("every entry checked before the first moves")
        .isLessThan(script.indexOf("echo \"moving $name\""));
  }

  @Test
  void keepSrcLeavesTheEmptiedFolder() {
    Request keep = new Request(CONTENTS.src(), CONTENTS.dest(), true, true);

    assertThat(move(keep, "src dir\ndest absent\n" + LOCAL + "entry config\n", false).command().script())
        .doesNotContain("rmdir");
  }

  @Test
  void anEmptySourceWithNoTargetMakesTheTargetAndRemovesTheSource() {
    Move move = move(CONTENTS, "src dir\ndest absent\nsrcowner 0 0 755\n" + LOCAL, false);

    assertThat(move.entries()).isEmpty();
    assertThat(move.command().script()).contains("mkdir -p -- \"$dest\"", "rmdir -- \"$src\"");
  }

  @Test
  void aMoveThatRanThroughReportsWhatMoved() {
    Move move = move(CONTENTS, "src dir\ndest dir\nsrcowner 1000 1000 750\n" + NFS + "entry a\nentry b\n", false);

    ModuleResult result = move.result(ran(0, "moving a\nmoved a\nmoving b\nmoved b\n"));

    assertThat(result.failed()).isFalse();
    assertThat(result.changed()).isTrue();
    assertThat(result.message()).isEqualTo("move the contents of /var/confluence/shared-home to /shared: 2 entries"
        + " moved");
    assertThat(result.fields()).containsEntry("moved", List.of("a", "b")).containsEntry("method", "copy");
    assertThat(result.undo()).containsExactly(move.intent());
  }

  @Test
  void aMoveCutShortKeepsWhatItMovedInItsUndo() {
    Move move = move(CONTENTS, "src dir\ndest dir\nsrcowner 1000 1000 750\n" + NFS + "entry a\nentry b\n", false);

    ModuleResult result = move.result(ran(6, "moving a\nmoved a\nmoving b\nfailed the copy of b differs from it\n"));

    assertThat(result.failed()).isTrue();
    assertThat(result.changed()).isTrue();
    assertThat(result.message()).isEqualTo("move the contents of /var/confluence/shared-home to /shared failed: the"
        + " copy of b differs from it; moved before that: a");
    assertThat(result.undo()).containsExactly(new MoveBack("/var/confluence/shared-home", "/shared", true,
        List.of("a"), Optional.of(new Ownership("1000", "1000", "750"))));
  }

  @Test
  void aMoveThatMovedNothingChangedNothing() {
    Move move = move(WHOLE, "src dir\ndest absent\n" + LOCAL, false);

    ModuleResult result = move.result(ran(3, "failed /shared/attachments appeared meanwhile\n"));
    assertThat(result.failed()).isTrue();
    assertThat(result.changed()).isFalse();
    assertThat(result.undo()).isEmpty();
    assertThat(result.message()).isEqualTo("move /var/confluence/attachments to /shared/attachments failed:"
        + " /shared/attachments appeared meanwhile; nothing moved");
    assertThat(move.result(ran(4, "")).message()).endsWith("failed: status 4; nothing moved");
    assertThat(move.result(ran(0, "moving /var/confluence/attachments\nmoved /var/confluence/attachments\n")))
        .satisfies(done -> {
          assertThat(done.message()).isEqualTo("move /var/confluence/attachments to /shared/attachments: moved");
          assertThat(done.undo()).containsExactly(MoveBack.whole("/var/confluence/attachments",
              "/shared/attachments"));
        });
  }

  @Test
  void aDestinationInsideTheSourceIsCaughtBeforeLooking() {
    assertThat(new Request(RemotePath.of("/data"), RemotePath.of("/data/moved"), false, false).intoItself()).isTrue();
    assertThat(new Request(RemotePath.of("/data"), RemotePath.of("/data"), true, false).intoItself()).isTrue();
    assertThat(WHOLE.intoItself()).isFalse();
  }

  private static ModuleResult settled(Request request, String probe, boolean checkMode) {
    MovePlan plan = MovePlan.decide(request, Seen.read(probe), checkMode, false);
    assertThat(plan).isInstanceOf(Settled.class);
    return ((Settled) plan).result();
  }

  private static Move move(Request request, String probe, boolean alwaysCopy) {
    MovePlan plan = MovePlan.decide(request, Seen.read(probe), false, alwaysCopy);
    assertThat(plan).isInstanceOf(Move.class);
    return (Move) plan;
  }

  private static CommandResult ran(int status, String stdout) {
    return new CommandResult(status, stdout, "", false, Duration.ZERO);
  }
}
