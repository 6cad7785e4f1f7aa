package dev.orchestrate.core.module.confluence;

import static dev.orchestrate.core.module.confluence.RemoteScript.quote;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.confluence.RemoteScript.BadArgument;
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
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code move}: moves a directory or file ({@code src}) to {@code dest} on one node, or with
 * {@code contents: true} every entry inside {@code src} into the directory {@code dest}
 * (creating it) and then removes the emptied {@code src}: the seed's "move the contents of
 * {@code <home>/shared-home} to the new shared home".
 *
 * <p>Check: one script reads what {@code src} and {@code dest} are, the entries and any entry
 * {@code dest} already holds by the same name, and the filesystem and mount of each. Nothing is
 * moved when anything would be replaced: an existing {@code dest}, or one same-named entry, fails
 * the task naming it. It is done already when {@code src} is gone (or, for contents, empty) and
 * {@code dest} is there. Apply: within one mount a rename ({@code mv -T}); across filesystems (a
 * shared home on NFS) or mounts, where {@code mv} would fall back to an unchecked copy, {@code cp
 * -a} to a {@code .orchestrate-partial} name beside the target, a
 * comparison of both trees' manifests (every file's path, size and SHA-256, every link's target),
 * and only then the rename into place and the removal of the source; a copy that differs is
 * removed and the task fails.
 *
 * <p>Undo: a {@link MoveBack}, intended before anything moves with every entry about to move (and
 * the owner, group and mode of {@code src}, which a move of contents removes and the move back
 * makes again), and completed with the entries actually moved, even after a partial failure.
 * A move cut off and run again finds part of the work done and moves the rest; its first attempt's
 * intent still names what that attempt moved, and the executor merges both into one record.
 */
public final class MoveModule implements Module {
  /** Copying an attachments tree to NFS takes long; a rename takes no time at all. */
  private static final Duration COPY_TIMEOUT = Duration.ofHours(12);

  private static final String PROBE = """
      kind() { if [ -L "$1" ]; then echo link; elif [ -d "$1" ]; then echo dir; elif [ -e "$1" ]; then echo file;
        else echo absent; fi; }
      echo "src $(kind "$src")"
      if [ -d "$dest" ]; then echo "dest dir"; else echo "dest $(kind "$dest")"; fi
      if [ -e "$src" ] || [ -L "$src" ]; then echo "srcmount $(stat -c '%d %m' -- "$src")"; fi
      if [ -d "$src" ] && [ ! -L "$src" ]; then echo "srcowner $(stat -c '%u %g %a' -- "$src")"; fi
      echo "destmount $(stat -L -c '%d %m' -- "$(nearest "$dest")")"
      if [ "$contents" = yes ] && [ -d "$src" ] && [ ! -L "$src" ]; then
        for entry in "$src"/* "$src"/.[!.]* "$src"/..?*; do
          [ -e "$entry" ] || [ -L "$entry" ] || continue
          name=${entry##*/}
          case $name in *"
      "*) echo "linebreak"; continue ;; esac
          echo "entry $name"
          if [ -e "$dest/$name" ] || [ -L "$dest/$name" ]; then echo "clash $name"; fi
        done
      fi
      """;

  /**
   * {@code manifest PATH} prints what must be equal in a tree and its copy; {@code transfer FROM
   * TO} copies FROM beside TO, compares, renames the copy to TO and only then removes FROM.
   */
  private static final String TRANSFER_FUNCTIONS = """
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

  private final boolean alwaysCopy;

  public MoveModule() {
    this(false);
  }

  /** With {@code alwaysCopy}, copies and verifies even within one filesystem: how tests reach that path. */
  MoveModule(boolean alwaysCopy) {
    this.alwaysCopy = alwaysCopy;
  }

  @Override
  public String name() {
    return "move";
  }

  /** It checks before it changes, so running it again after a dropped connection is safe. */
  @Override
  public boolean safeToRerun() {
    return true;
  }

  @Override
  public Set<String> arguments() {
    return Set.of("src", "dest", "contents", "keep_src");
  }

  @Override
  public Set<String> requiredArguments() {
    return Set.of("src", "dest");
  }

  @Override
  public ModuleResult execute(ModuleCall call) {
    Request request;
    try {
      request = new Request(RemoteScript.path(call, "src"), RemoteScript.path(call, "dest"),
          call.flag("contents", false), call.flag("keep_src", false));
    } catch (BadArgument e) {
      return ModuleResult.failed(e.getMessage());
    }
    if (request.dest().isSameOrInside(request.src())) {
      return ModuleResult.failed("dest " + request.dest() + " lies inside src " + request.src()
          + "; a directory cannot be moved into itself");
    }
    CommandResult probe = call.run(Command.of(request.variables() + RemoteScript.NEAREST_FUNCTION + PROBE));
    if (!probe.succeeded()) {
      return ModuleResult.failed("cannot look at " + request.src() + " and " + request.dest() + ", "
          + RemoteScript.failure(probe));
    }
    Map<String, List<String>> facts = RemoteScript.facts(probe.stdout());
    String src = RemoteScript.fact(facts, "src", "absent");
    String dest = RemoteScript.fact(facts, "dest", "absent");
    List<String> entries = facts.getOrDefault("entry", List.of());
    Optional<String> refusal = request.contents() ? refuseContents(request, facts, src, dest)
        : refuseWhole(request, src, dest);
    if (refusal.isPresent()) {
      return ModuleResult.failed(refusal.get());
    }
    boolean absent = src.equals("absent") || request.contents() && entries.isEmpty();
    if (absent && !dest.equals("absent")) {
      return ModuleResult.ok(request.describe() + ": done already (" + request.src() + " is "
          + (src.equals("absent") ? "gone" : "empty") + ", " + request.dest() + " is there)");
    }
    boolean copy = alwaysCopy
        || !RemoteScript.fact(facts, "srcmount", "").equals(RemoteScript.fact(facts, "destmount", ""));
    String method = copy ? "copy" : "rename";
    if (call.checkMode()) {
      return ModuleResult.changed("would " + request.describe() + " (" + method + ")");
    }
    Optional<Ownership> owner = request.contents() ? facts.getOrDefault("srcowner", List.of()).stream().findFirst()
        .map(Ownership::parse) : Optional.empty();
    call.intend(request.undo(entries, owner));
    return move(call, request, entries, copy, owner).with("method", method);
  }

  /** Why the move of a whole directory or file cannot be made, if it cannot. */
  private static Optional<String> refuseWhole(Request request, String src, String dest) {
    if (src.equals("absent") && dest.equals("absent")) {
      return Optional.of("neither " + request.src() + " nor " + request.dest() + " exists: nothing to move");
    }
    if (!src.equals("absent") && !dest.equals("absent")) {
      return Optional.of(request.dest() + " exists already; nothing moved (a move never replaces anything)");
    }
    return Optional.empty();
  }

  /** Why the move of a directory's entries cannot be made, if it cannot. */
  private static Optional<String> refuseContents(Request request, Map<String, List<String>> facts, String src,
      String dest) {
    if (src.equals("link") || src.equals("file")) {
      return Optional.of(request.src() + " is a " + (src.equals("link") ? "symbolic link" : "file")
          + "; contents: true moves what is inside a directory");
    }
    if (!dest.equals("dir") && !dest.equals("absent")) {
      return Optional.of(request.dest() + " exists and is not a directory; nothing moved");
    }
    if (src.equals("absent") && dest.equals("absent")) {
      return Optional.of("neither " + request.src() + " nor " + request.dest() + " exists: nothing to move");
    }
    if (facts.containsKey("linebreak")) {
      return Optional.of(request.src() + " holds an entry whose name has a line break; move it by hand; nothing moved");
    }
    List<String> clashes = facts.getOrDefault("clash", List.of());
    if (!clashes.isEmpty()) {
      return Optional.of(request.dest() + " holds " + String.join(", ", clashes) + " already; nothing moved"
          + " (a move never replaces anything)");
    }
    return Optional.empty();
  }

  private static ModuleResult move(ModuleCall call, Request request, List<String> entries, boolean copy,
      Optional<Ownership> owner) {
    String script = request.variables() + (copy ? TRANSFER_FUNCTIONS : "") + (request.contents()
        ? contentsScript(entries, copy, request.keepSrc())
        : """
          if [ -e "$dest" ] || [ -L "$dest" ]; then echo "failed $dest appeared meanwhile"; exit 3; fi
          mkdir -p -- "$(dirname -- "$dest")" || exit 4
          echo "moving $src"
          %s
          echo "moved $src"
          """.formatted(copy ? "transfer \"$src\" \"$dest\"" : "mv -T -- \"$src\" \"$dest\" || exit 5"));
    CommandResult result = call.run(Command.of(script)
        .withTimeout(copy ? COPY_TIMEOUT : Command.DEFAULT_TIMEOUT)
        .withListener((stream, line) -> {
          if (line.startsWith("moving ")) {
            call.progress(line);
          }
        }));
    Map<String, List<String>> facts = RemoteScript.facts(result.stdout());
    List<String> moved = facts.getOrDefault("moved", List.of());
    boolean changed = !moved.isEmpty() || result.succeeded();
    ModuleResult done = new ModuleResult(changed, false,
        request.describe() + ": " + (request.contents() ? moved.size() + " entries moved" : "moved"),
        Map.of("moved", moved), changed ? List.of(request.undo(moved, owner)) : List.of());
    if (result.succeeded()) {
      return done;
    }
    String why = facts.containsKey("failed") ? String.join("; ", facts.get("failed")) : RemoteScript.failure(result);
    return done.asFailed(request.describe() + " failed: " + why
        + (moved.isEmpty() ? "; nothing moved" : "; moved before that: " + String.join(", ", moved)));
  }

  /** Moves each entry, refusing them all if one would replace something, then removes the emptied src. */
  private static String contentsScript(List<String> entries, boolean copy, boolean keepSrc) {
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
        keepSrc ? "" : "rmdir -- \"$src\" || { echo \"failed $src is not empty after the move: something was added meanwhile\"; exit 9; }");
  }

  private record Request(RemotePath src, RemotePath dest, boolean contents, boolean keepSrc) {
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
}
