package dev.orchestrate.core.module.confluence;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.WithArguments;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Shell;
import dev.orchestrate.core.undo.BackupKept;
import dev.orchestrate.core.undo.MoveBack;
import dev.orchestrate.core.undo.Ownership;
import dev.orchestrate.core.undo.RemoveCreated;
import dev.orchestrate.core.undo.RestoreFile;
import dev.orchestrate.core.undo.ServiceWas;
import dev.orchestrate.core.undo.SetAside;
import dev.orchestrate.core.undo.SynchronyWas;
import dev.orchestrate.core.undo.UndoRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code undo}: puts back what one task of an earlier run changed, from the {@link UndoRecord}
 * the journal kept for it ({@code record}, as JSON; the run's id in {@code run}). It never
 * deletes: a file changed since that run, a copy made by it, a file it created — each is set aside
 * as {@code PATH.orchestrate-rollback-RUN}, and a folder it created is removed only when empty.
 *
 * <ul>
 *   <li>{@link RestoreFile}: the backup copy (the file before the run's first edit of it) goes
 *       back over the file, checked by checksum, with its owner, group and mode from before; a
 *       content changed since the run is kept aside;
 *   <li>{@link SetAside}: the copy or created file is set aside;
 *   <li>{@link RemoveCreated}: a folder removed if empty, else left and said; anything else set aside;
 *   <li>{@link MoveBack}: moved back, entry by entry, by {@code move} itself (a rename, or a
 *       verified copy across file systems), the emptied source made again with its owner;
 *   <li>{@link SynchronyWas}: the standalone Synchrony the run started is stopped;
 *   <li>{@link ServiceWas}, {@link BackupKept}: nothing here — the rollback's plan stops and
 *       starts the nodes; backups are kept.
 * </ul>
 *
 * Check: each kind first looks whether there is anything to undo — the record may be the intent
 * of a change a killed run never made — so a rollback resumed after a kill, or run twice, changes
 * nothing the second time.
 */
public final class UndoModule implements Module {
  @Override
  public String name() {
    return "undo";
  }

  @Override
  public Set<String> arguments() {
    return Set.of("record", "run");
  }

  @Override
  public Set<String> requiredArguments() {
    return Set.of("record", "run");
  }

  @Override
  public boolean safeToRerun() {
    return true;
  }

  @Override
  public ModuleResult execute(ModuleCall call) {
    if (!(call.arguments().get("record") instanceof Map<?, ?> written)) {
      return ModuleResult.failed("'record' must be an undo record (a mapping)");
    }
    UndoRecord record;
    try {
      record = UndoRecord.fromJson(written);
    } catch (IllegalArgumentException e) {
      return ModuleResult.failed("cannot undo this record: " + e.getMessage());
    }
    String aside = ".orchestrate-rollback-" + call.string("run");
    if (record instanceof RestoreFile restore) {
      return restoreFile(call, restore, aside);
    } else if (record instanceof SetAside made) {
      return setAside(call, made.path(), aside, made.sha256After());
    } else if (record instanceof RemoveCreated created) {
      return removePath(call, created.path(), aside);
    } else if (record instanceof MoveBack move) {
      return moveBack(call, move);
    } else if (record instanceof SynchronyWas synchrony) {
      return stopSynchrony(call, synchrony, aside);
    } else if (record instanceof BackupKept backup) {
      return ModuleResult.ok("backups are kept: " + backup.archive());
    }
    return ModuleResult.ok("the rollback stops the nodes the run started and starts again those that ran");
  }

  private static ModuleResult restoreFile(ModuleCall call, RestoreFile record, String aside) {
    String path = record.path();
    String backup = record.backup();
    String before = record.sha256Before();
    String after = record.sha256After();
    // The owner from before: the restore runs as the admin (often root), the file belongs to Confluence's user.
    String owner = record.ownership().map(o -> o.apply("\"$1\"")).orElse("true");
    String script = "path=" + Shell.quote(path) + "; backup=" + Shell.quote(backup) + "; before=" + Shell.quote(before)
        + "; after=" + Shell.quote(after) + "; aside=" + Shell.quote(path + aside) + "\nowner() { " + owner + "; }\n"
        + """
        sum() { [ -f "$1" ] && sha256sum < "$1" | cut -c1-64; }
        current=$(sum "$path")
        if [ -n "$before" ] && [ "$current" = "$before" ]; then echo "already"; exit 0; fi
        if [ -z "$backup" ] || [ ! -f "$backup" ]; then echo "no backup $backup"; exit 2; fi
        # The backup is the file as it was before the run's first edit of it; restoring it undoes
        # this edit and every earlier one of the run, whose own undo then finds the file as before.
        wanted=$(sum "$backup")
        if [ "$current" = "$wanted" ]; then echo "already"; exit 0; fi
        if [ -n "$current" ] && [ "$current" != "$after" ] && [ ! -e "$aside" ]; then
          cp -p -- "$path" "$aside" || exit 4
          echo "set aside $aside"
        fi
        cp -p -- "$backup" "$path.orchestrate-restore" && owner "$path.orchestrate-restore" \\
          && mv -f -- "$path.orchestrate-restore" "$path" || exit 5
        [ "$(sum "$path")" = "$wanted" ] || { echo "restored file differs from its backup"; exit 6; }
        echo "restored"
        """;
    if (call.checkMode()) {
      return ModuleResult.changed("would restore " + path + " from " + backup);
    }
    CommandResult result = call.run(Command.of(script));
    String out = result.stdout().strip();
    if (!result.succeeded()) {
      return ModuleResult.failed(path + ": cannot restore it from " + (backup.isEmpty() ? "a backup (none was kept)"
          : backup) + ": " + (out.isEmpty() ? result.stderr().strip() : out));
    }
    if (out.endsWith("already")) {
      return ModuleResult.ok(path + " is as before the run");
    }
    return ModuleResult.changed(path + " restored from " + backup + (out.contains("set aside")
        ? "; its changed content was kept as " + path + aside : "")).with("path", path);
  }

  private static ModuleResult setAside(ModuleCall call, String path, String aside, String unchangedSum) {
    if (call.checkMode()) {
      return ModuleResult.changed("would set " + path + " aside as " + path + aside);
    }
    CommandResult result = call.run(Command.of("path=" + Shell.quote(path) + "; aside=" + Shell.quote(path + aside)
        + "\n" + """
        if [ ! -e "$path" ] && [ ! -L "$path" ]; then echo "already"; exit 0; fi
        if [ -e "$aside" ] || [ -L "$aside" ]; then echo "taken $aside"; exit 2; fi
        mv -T -- "$path" "$aside" && echo "aside"
        """));
    String out = result.stdout().strip();
    if (!result.succeeded()) {
      return ModuleResult.failed(path + ": cannot set it aside: " + (out.isEmpty() ? result.stderr().strip() : out));
    }
    if (out.equals("already")) {
      return ModuleResult.ok(path + " is not there (already undone)");
    }
    return ModuleResult.changed(path + " set aside as " + path + aside
        + (unchangedSum.isEmpty() ? "" : " (nothing is deleted)")).with("path", path);
  }

  private static ModuleResult removePath(ModuleCall call, String path, String aside) {
    CommandResult kind = call.run(Command.of("p=" + Shell.quote(path) + "; if [ -d \"$p\" ] && [ ! -L \"$p\" ]; then "
        + "if [ -z \"$(ls -A -- \"$p\")\" ]; then echo empty; else echo full; fi; elif [ -e \"$p\" ] || [ -L \"$p\" ]; "
        + "then echo file; else echo absent; fi"));
    switch (kind.stdout().strip()) {
      case "absent":
        return ModuleResult.ok(path + " is not there (already undone)");
      case "full":
        return ModuleResult.ok(path + " was created by the run but holds files now; left in place");
      case "empty":
        if (call.checkMode()) {
          return ModuleResult.changed("would remove the empty folder " + path);
        }
        CommandResult removed = call.run(Command.of("rmdir -- " + Shell.quote(path)));
        return removed.succeeded() ? ModuleResult.changed("removed the empty folder " + path)
            : ModuleResult.failed(path + ": cannot remove it: " + removed.stderr().strip());
      default:
        return setAside(call, path, aside, "");
    }
  }

  /** Stops the standalone Synchrony the run started: TERM, up to 30 s, then KILL; its PID file set aside. */
  private static ModuleResult stopSynchrony(ModuleCall call, SynchronyWas record, String aside) {
    if (record.running()) {
      return ModuleResult.ok("Synchrony ran before the run; left running");
    }
    String pidFile = record.home() + "/synchrony.pid";
    if (call.checkMode()) {
      return ModuleResult.changed("would stop the Synchrony of " + pidFile);
    }
    CommandResult result = call.run(Command.of("f=" + Shell.quote(pidFile) + "; aside=" + Shell.quote(pidFile + aside)
        + "\n" + """
        pid=$(cat "$f" 2>/dev/null)
        if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then if [ -e "$f" ]; then mv -f -- "$f" "$aside"; fi; echo already; exit 0; fi
        kill -TERM "$pid"
        i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
        mv -f -- "$f" "$aside"; echo stopped
        """));
    if (!result.succeeded()) {
      return ModuleResult.failed("cannot stop the Synchrony of " + pidFile + ": " + result.stderr().strip());
    }
    return result.stdout().strip().equals("already") ? ModuleResult.ok("Synchrony is not running (already undone)")
        : ModuleResult.changed("stopped the Synchrony the run started (" + pidFile + ")");
  }

  private static ModuleResult moveBack(ModuleCall call, MoveBack record) {
    MoveModule move = new MoveModule();
    if (!record.contents()) {
      return move.execute(new WithArguments(call, Map.of("src", record.dest(), "dest", record.src())));
    }
    List<String> done = new ArrayList<>();
    boolean changed = false;
    for (String entry : record.entries()) {
      ModuleResult result = move.execute(new WithArguments(call, Map.of("src", record.dest() + "/" + entry,
          "dest", record.src() + "/" + entry)));
      if (result.failed()) {
        return ModuleResult.failed(result.message() + (done.isEmpty() ? "" : "; moved back before that: "
            + String.join(", ", done)));
      }
      changed |= result.changed();
      done.add(entry);
    }
    Optional<String> remade = remake(call, record.src(), record.ownership());
    if (remade.isPresent()) {
      return ModuleResult.failed(remade.get() + (done.isEmpty() ? "" : "; moved back before that: "
          + String.join(", ", done)));
    }
    return changed ? ModuleResult.changed("moved " + String.join(", ", done) + " back from " + record.dest() + " into "
        + record.src()) : ModuleResult.ok("the contents of " + record.dest() + " are back in " + record.src()
        + " already");
  }

  /**
   * Makes the folder a move of contents emptied and removed again, even with no entry to put in
   * it, with its owner, group and mode from before: the move back runs as the admin (often root),
   * the folder belongs to Confluence's user. Why it could not, if it could not.
   */
  private static Optional<String> remake(ModuleCall call, String folder, Optional<Ownership> ownership) {
    if (call.checkMode()) {
      return Optional.empty();
    }
    String quoted = Shell.quote(folder);
    CommandResult result = call.run(Command.of("mkdir -p -- " + quoted + ownership.map(owner -> " && if [ ! -L "
        + quoted + " ]; then " + owner.apply(quoted) + "; fi").orElse("")));
    return result.succeeded() ? Optional.empty()
        : Optional.of(folder + ": cannot make it again" + ownership.map(owner -> " with owner " + owner.owner() + ":"
            + owner.group() + " and mode " + owner.mode()).orElse("") + ": " + result.stderr().strip());
  }
}
