package dev.orchestrate.core.module.confluence;

import static dev.orchestrate.core.module.confluence.RemoteScript.quote;

import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Shell;
import dev.orchestrate.core.undo.MoveBack;
import dev.orchestrate.core.undo.Ownership;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@code move} does, decided from one look at {@code src} and {@code dest} ({@link Seen})
 * with no host: {@link Settled} at once (a refusal, done already, check mode), or a {@link Move}
 * with the undo record to intend first, the one script that moves, and the reading of what that
 * script printed into the task's result.
 */
sealed interface MovePlan permits MovePlan.Settled, MovePlan.Move {
  /** Copying an attachments tree to NFS takes long; a rename takes no time at all. */
  Duration COPY_TIMEOUT = Duration.ofHours(12);

  /**
   * {@code manifest PATH} prints what must be equal in a tree and its copy; {@code transfer FROM
   * TO} copies FROM beside TO, compares, renames the copy to TO and only then removes FROM.
   */
  String TRANSFER_FUNCTIONS = """
      manifest() {
        if [ -L "$1" ]; then printf 'l %s\\n' "$(readlink -- "$1")"
        elif [ -d "$1" ]; then
          (cd -- "$1" && find . \\( -type f -printf 'f %s %p\\0' \\) -o \\( -type l -printf 'l %p -> %l\\0' \\) \\
              -o -printf '%y %p\\0' | LC_ALL=C sort -z | tr '\\0' '\\n' \\
            && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum --)
        else printf 'f %s\\n' "$(wc -c < "$1")"; sha256sum < "$1"; fi
      }
      transfer() {
        partial="$2.orchestrate-partial"
        rm -rf -- "$partial"
        if ! cp -a -- "$1" "$partial"; then rm -rf -- "$partial"; echo "failed cannot copy $1"; exit 5; fi
        original=$(manifest "$1" | sha256sum) || exit 5
        copy=$(manifest "$partial" | sha256sum) || exit 5
        if [ "$original" != "$copy" ]; then
          rm -rf -- "$partial"; echo "failed the copy of $1 differs from it"; exit 6
        fi
        mv -T -- "$partial" "$2" || exit 7
        rm -rf -- "$1" || { echo "failed copied to $2, but cannot remove $1"; exit 8; }
      }
      """;

  /**
   * Refuses whatever would replace something or cannot be moved; finds a move done already when
   * {@code src} is gone (or, for contents, empty) and {@code dest} is there; otherwise moves,
   * by a rename within one mount, else by a verified copy ({@code alwaysCopy} copies anyway).
   */
  static MovePlan decide(Request request, Seen seen, boolean checkMode, boolean alwaysCopy) {
    Optional<String> refusal = request.contents() ? refuseContents(request, seen) : refuseWhole(request, seen);
    if (refusal.isPresent()) {
      return new Settled(ModuleResult.failed(refusal.get()));
    }
    boolean absent = seen.src().equals("absent") || request.contents() && seen.entries().isEmpty();
    if (absent && !seen.dest().equals("absent")) {
      return new Settled(ModuleResult.ok(request.describe() + ": done already (" + request.src() + " is "
          + (seen.src().equals("absent") ? "gone" : "empty") + ", " + request.dest() + " is there)"));
    }
    boolean copy = alwaysCopy || !seen.srcMount().equals(seen.destMount());
    if (checkMode) {
      return new Settled(ModuleResult.changed("would " + request.describe() + " (" + (copy ? "copy" : "rename")
          + ")"));
    }
    Optional<Ownership> owner = request.contents() ? seen.srcOwner().map(Ownership::parse) : Optional.empty();
    return new Move(request, seen.entries(), copy, owner);
  }

  /** Why the move of a whole directory or file cannot be made, if it cannot. */
  private static Optional<String> refuseWhole(Request request, Seen seen) {
    if (seen.src().equals("absent") && seen.dest().equals("absent")) {
      return Optional.of("neither " + request.src() + " nor " + request.dest() + " exists: nothing to move");
    }
    if (!seen.src().equals("absent") && !seen.dest().equals("absent")) {
      return Optional.of(request.dest() + " exists already; nothing moved (a move never replaces anything)");
    }
    return Optional.empty();
  }

  /** Why the move of a directory's entries cannot be made, if it cannot. */
  private static Optional<String> refuseContents(Request request, Seen seen) {
    if (seen.src().equals("link") || seen.src().equals("file")) {
      return Optional.of(request.src() + " is a " + (seen.src().equals("link") ? "symbolic link" : "file")
          + "; contents: true moves what is inside a directory");
    }
    if (!seen.dest().equals("dir") && !seen.dest().equals("absent")) {
      return Optional.of(request.dest() + " exists and is not a directory; nothing moved");
    }
    if (seen.src().equals("absent") && seen.dest().equals("absent")) {
      return Optional.of("neither " + request.src() + " nor " + request.dest() + " exists: nothing to move");
    }
    if (seen.lineBreak()) {
      return Optional.of(request.src() + " holds an entry whose name has a line break; move it by hand; nothing moved");
    }
    if (!seen.clashes().isEmpty()) {
      return Optional.of(request.dest() + " holds " + String.join(", ", seen.clashes()) + " already; nothing moved"
          + " (a move never replaces anything)");
    }
    return Optional.empty();
  }

  /** Nothing to send: the look alone decides the result. */
  record Settled(ModuleResult result) implements MovePlan {}

  /**
   * A move of {@code entries} (for contents) or of the whole {@code src}, by {@code copy} or
   * rename; {@code owner} is src's, which a move of contents removes and the move back makes again.
   */
  record Move(Request request, List<String> entries, boolean copy, Optional<Ownership> owner) implements MovePlan {
    public Move {
      entries = List.copyOf(entries);
    }

    /** The undo record, intended before anything moves: everything about to move. */
    MoveBack intent() {
      return request.undo(entries, owner);
    }

    String method() {
      return copy ? "copy" : "rename";
    }

    /**
     * One script that checks again that nothing would be replaced, then moves, printing {@code
     * moving} and {@code moved} for each, or {@code failed} with why.
     */
    Command command() {
      String script = request.variables() + (copy ? TRANSFER_FUNCTIONS : "") + (request.contents()
          ? contentsScript()
          : """
            if [ -e "$dest" ] || [ -L "$dest" ]; then echo "failed $dest appeared meanwhile"; exit 3; fi
            mkdir -p -- "$(dirname -- "$dest")" || exit 4
            echo "moving $src"
            %s
            echo "moved $src"
            """.formatted(copy ? "transfer \"$src\" \"$dest\"" : "mv -T -- \"$src\" \"$dest\" || exit 5"));
      return Command.of(script).withTimeout(copy ? COPY_TIMEOUT : Command.DEFAULT_TIMEOUT);
    }

    /** Moves each entry, refusing them all if one would replace something, then removes the emptied src. */
    private String contentsScript() {
      String names = entries.stream().map(Shell::quote).collect(Collectors.joining(" "));
      return """
          mkdir -p -- "$dest" || exit 4
          for name in %1$s; do
            if [ -e "$dest/$name" ] || [ -L "$dest/$name" ]; then echo "failed $dest/$name appeared meanwhile"; exit 3; fi
          done
          for name in %1$s; do
            echo "moving $name"
            %2$s
            echo "moved $name"
          done
          %3$s
          """.formatted(names,
          copy ? "transfer \"$src/$name\" \"$dest/$name\"" : "mv -T -- \"$src/$name\" \"$dest/$name\" || exit 5",
          // A shared home is often a mount point, which cannot be removed: keep_src leaves it, empty.
          request.keepSrc() ? "" : "rmdir -- \"$src\" || { echo \"failed $src is not empty after the move:"
              + " something was added meanwhile\"; exit 9; }");
    }

    /**
     * The task's result from what the script printed: the entries it moved, and the undo record
     * completed with them, even after a partial failure; nothing moved is no change.
     */
    ModuleResult result(CommandResult ran) {
      Map<String, List<String>> facts = RemoteScript.facts(ran.stdout());
      List<String> moved = facts.getOrDefault("moved", List.of());
      boolean changed = !moved.isEmpty() || ran.succeeded();
      ModuleResult done = new ModuleResult(changed, false,
          request.describe() + ": " + (request.contents() ? moved.size() + " entries moved" : "moved"),
          Map.of("moved", moved), changed ? List.of(request.undo(moved, owner)) : List.of());
      if (!ran.succeeded()) {
        String why = facts.containsKey("failed") ? String.join("; ", facts.get("failed")) : RemoteScript.failure(ran);
        done = done.asFailed(request.describe() + " failed: " + why
            + (moved.isEmpty() ? "; nothing moved" : "; moved before that: " + String.join(", ", moved)));
      }
      return done.with("method", method());
    }
  }

  /** The arguments of one move. */
  record Request(RemotePath src, RemotePath dest, boolean contents, boolean keepSrc) {
    /** Whether dest lies inside src: refused before anything is looked at. */
    boolean intoItself() {
      return dest.isSameOrInside(src);
    }

    String variables() {
      return "src=" + quote(src) + "\ndest=" + quote(dest) + "\ncontents=" + (contents ? "yes" : "no") + "\n";
    }

    String describe() {
      return "move " + (contents ? "the contents of " : "") + src + " to " + dest;
    }

    /** What moves {@code entries} (for a move of contents) back. */
    MoveBack undo(List<String> entries, Optional<Ownership> owner) {
      return contents ? new MoveBack(src.value(), dest.value(), true, entries, owner)
          : MoveBack.whole(src.value(), dest.value());
    }
  }

  /**
   * What the probe saw: the kind of {@code src} and {@code dest} ({@code dir}, {@code file},
   * {@code link} or {@code absent}; a link to a directory counts as {@code dir} for dest), the
   * device and mount of each (dest's nearest existing ancestor's), src's owner, group and mode,
   * and for contents its entries, those dest holds already, and whether a name has a line break.
   */
  record Seen(String src, String dest, String srcMount, String destMount, Optional<String> srcOwner,
      List<String> entries, List<String> clashes, boolean lineBreak) {
    public Seen {
      entries = List.copyOf(entries);
      clashes = List.copyOf(clashes);
    }

    /** From the probe's lines, {@code key value}; what it does not print counts as absent. */
    static Seen read(String stdout) {
      Map<String, List<String>> facts = RemoteScript.facts(stdout);
      return new Seen(RemoteScript.fact(facts, "src", "absent"), RemoteScript.fact(facts, "dest", "absent"),
          RemoteScript.fact(facts, "srcmount", ""), RemoteScript.fact(facts, "destmount", ""),
          facts.getOrDefault("srcowner", List.of()).stream().findFirst(), facts.getOrDefault("entry", List.of()),
          facts.getOrDefault("clash", List.of()), facts.containsKey("linebreak"));
    }
  }
}
