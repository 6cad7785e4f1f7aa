package dev.orchestrate.core.module.confluence;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.confluence.MovePlan.Move;
import dev.orchestrate.core.module.confluence.MovePlan.Request;
import dev.orchestrate.core.module.confluence.MovePlan.Seen;
import dev.orchestrate.core.module.confluence.MovePlan.Settled;
import dev.orchestrate.core.module.confluence.RemoteScript.BadArgument;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.undo.MoveBack;
import java.util.Set;

/**
 * {@code move}: moves a directory or file ({@code src}) to {@code dest} on one node, or with
 * {@code contents: true} every entry inside {@code src} into the directory {@code dest}
 * (creating it) and then removes the emptied {@code src}: Atlassian's "move the contents of
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
 *
 * <p>{@link MovePlan} decides all of this from what the one script saw, with no host; this class
 * reads and sends.
 */
public final class MoveModule implements Module {
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
    if (request.intoItself()) {
      return ModuleResult.failed("dest " + request.dest() + " lies inside src " + request.src()
          + "; a directory cannot be moved into itself");
    }
    CommandResult probe = call.run(Command.of(request.variables() + RemoteScript.NEAREST_FUNCTION + PROBE));
    if (!probe.succeeded()) {
      return ModuleResult.failed("cannot look at " + request.src() + " and " + request.dest() + ", "
          + RemoteScript.failure(probe));
    }
    MovePlan plan = MovePlan.decide(request, Seen.read(probe.stdout()), call.checkMode(), alwaysCopy);
    if (plan instanceof Settled settled) {
      return settled.result();
    }
    Move move = (Move) plan;
    call.intend(move.intent());
    return move.result(call.run(move.command().withListener((stream, line) -> {
      if (line.startsWith("moving ")) {
        call.progress(line);
      }
    })));
  }
}
