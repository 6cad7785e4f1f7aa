package dev.orchestrate.core.module.confluence;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.Values;
import dev.orchestrate.core.module.WithArguments;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Shell;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code undo}: puts back what one task of an earlier run changed, from the undo record the
 * journal kept for it ({@code record}, the run's id in {@code run}). It never deletes: a file
 * changed since that run, a copy made by it, a file it created — each is set aside as {@code
 * PATH.orchestrate-rollback-RUN}, and a folder it created is removed only when empty.
 *
 * <ul>
 *   <li>{@code restore_file}: the backup copy (the file before the run's first edit of it) goes
 *       back over the file, checked by checksum; a content changed since the run is kept aside;
 *   <li>{@code remove_file}, {@code remove_path}: set aside (a folder: removed if empty, else left
 *       and said);
 *   <li>{@code move}: moved back, entry by entry, by {@code move} itself (a rename, or a verified
 *       copy across file systems);
 *   <li>{@code remove_copy}: the copy is set aside;
 *   <li>{@code synchrony}: the standalone Synchrony the run started is stopped;
 *   <li>{@code service}, {@code backup}: nothing here — the rollback stops every node first and
 *       starts again those that ran; backups are kept.
 * </ul>
 *
 * Check: each kind first looks whether it is undone already, so a rollback resumed after a kill,
 * or run twice, changes nothing the second time.
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
    Map<String, Object> record = new LinkedHashMap<>();
    written.forEach((k, v) -> record.put(String.valueOf(k), v));
    String aside = ".orchestrate-rollback-" + call.string("run");
    // A loop's record has no kind of its own, only its items' records.
    String kind = record.containsKey("items") ? "items" : String.valueOf(record.get("kind"));
    return switch (kind) {
      case "restore_file" -> restoreFile(call, record, aside);
      case "remove_file", "remove_copy" -> setAside(call, text(record, "path"), aside, text(record, "sha256_after"));
      case "remove_path" -> removePath(call, text(record, "path"), aside);
      case "move" -> moveBack(call, record);
      case "service" -> ModuleResult.ok("the rollback stops every node first and starts again those that ran");
      case "synchrony" -> stopSynchrony(call, record, aside);
      case "backup" -> ModuleResult.ok("backups are kept: " + text(record, "archive"));
      case "items" -> ModuleResult.failed("a record of several items is undone item by item");
      default -> ModuleResult.failed("no way to undo a record of kind '" + kind + "'");
    };
  }

  private static ModuleResult restoreFile(ModuleCall call, Map<String, Object> record, String aside) {
    String path = text(record, "path");
    String backup = text(record, "backup");
    String before = text(record, "sha256_before");
    String after = text(record, "sha256_after");
    String script = "path=" + Shell.quote(path) + "; backup=" + Shell.quote(backup) + "; before=" + Shell.quote(before)
        + "; after=" + Shell.quote(after) + "; aside=" + Shell.quote(path + aside) + "\n" + """
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
        cp -p -- "$backup" "$path.orchestrate-restore" && mv -f -- "$path.orchestrate-restore" "$path" || exit 5
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
  private static ModuleResult stopSynchrony(ModuleCall call, Map<String, Object> record, String aside) {
    if (!"stopped".equals(text(record, "was"))) {
      return ModuleResult.ok("Synchrony ran before the run; left running");
    }
    String pidFile = text(record, "home") + "/synchrony.pid";
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

  private static ModuleResult moveBack(ModuleCall call, Map<String, Object> record) {
    String src = text(record, "src");
    String dest = text(record, "dest");
    MoveModule move = new MoveModule();
    if (!Values.truthy(record.get("contents"))) {
      return move.execute(new WithArguments(call, Map.of("src", dest, "dest", src)));
    }
    List<String> done = new ArrayList<>();
    boolean changed = false;
    for (Object entry : Values.list(record.get("entries"))) {
      ModuleResult result = move.execute(new WithArguments(call, Map.of("src", dest + "/" + entry,
          "dest", src + "/" + entry)));
      if (result.failed()) {
        return ModuleResult.failed(result.message() + (done.isEmpty() ? "" : "; moved back before that: "
            + String.join(", ", done)));
      }
      changed |= result.changed();
      done.add(String.valueOf(entry));
    }
    return changed ? ModuleResult.changed("moved " + String.join(", ", done) + " back from " + dest + " into " + src)
        : ModuleResult.ok("the contents of " + dest + " are back in " + src + " already");
  }

  private static String text(Map<String, Object> record, String key) {
    Object value = record.get(key);
    return value == null ? "" : String.valueOf(value);
  }
}
