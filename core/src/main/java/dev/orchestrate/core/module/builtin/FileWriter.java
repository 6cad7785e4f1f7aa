package dev.orchestrate.core.module.builtin;

import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.CopyException;
import dev.orchestrate.core.transport.Shell;
import dev.orchestrate.core.undo.RemoveCreated;
import dev.orchestrate.core.undo.RestoreFile;
import dev.orchestrate.core.undo.UndoRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a regular file on a host as Ansible's file-writing modules do: a backup first when asked
 * ({@code PATH.PID.YYYY-MM-DD@HH:MM:SS~}, Ansible's name), the content atomically through {@link
 * ModuleCall#upload} keeping the mode (a new file gets 0666 less the host's umask), then owner,
 * group and mode. In check mode it only works out what would change. What undoes the write is
 * intended after the backup and before the write.
 */
final class FileWriter {
  /** What writing did; {@code info} is Ansible's path fields as the file is now. */
  record Outcome(boolean attributesChanged, Optional<String> backupFile, List<UndoRecord> undo,
      Map<String, Object> info) {}

  private FileWriter() {}

  /**
   * @param before the file as it is (the real file, when the path is a link that is followed)
   * @param content the new content, or empty when the content stays as it is
   * @param makeParent whether a missing parent directory is created rather than a failure
   */
  static Outcome write(ModuleCall call, PathState before, Optional<byte[]> content, Attributes attributes,
      boolean backup, boolean makeParent) {
    RemotePath path = RemotePath.of(before.path());
    boolean existing = before.kind() == PathState.Kind.FILE;
    int mode = attributes.wantedMode(before, existing ? before.mode() : before.newFileMode());
    boolean attributesChanged = attributes.ownerDiffers(before) || attributes.groupDiffers(before)
        || mode != (existing ? before.mode() : before.newFileMode());
    if (content.isEmpty() && !attributesChanged) {
      return new Outcome(false, Optional.empty(), List.of(), before.info());
    }
    if (call.checkMode()) {
      return new Outcome(attributesChanged, Optional.empty(), List.of(), before.info());
    }
    Optional<String> backupFile = Optional.empty();
    if (content.isPresent()) {
      if (backup && existing) {
        backupFile = Optional.of(backup(call, path));
      }
      if (makeParent && !before.parentExists()) {
        run(call, "mkdir -p -- " + Shell.quote(parent(path)), "could not create the directory of " + path);
      }
      undo(path, before, backupFile, true).forEach(call::intend);
      try {
        call.upload(path, content.get(), mode);
      } catch (CopyException e) {
        throw new ModuleFailure("could not write " + path + ": " + e.getMessage());
      }
    }
    // The upload gave the file its mode; owner and group remain to be set.
    PathState written = content.isPresent() ? before.asWrittenFile(mode) : before;
    List<String> commands = new ArrayList<>(attributes.changes(written, false));
    commands.add("describe " + Shell.quote(path.value()));
    CommandResult after = run(call, PathState.DESCRIBE_FUNCTION + String.join(" && ", commands),
        "could not set the owner, group or mode of " + path);
    PathState now = PathState.parse(List.of(path.value()), after.stdout()).get(0);
    return new Outcome(attributesChanged, backupFile, undo(path, before, backupFile, content.isPresent()), now.info());
  }

  /** Copies {@code path} beside itself under Ansible's backup name; returns that name. */
  static String backup(ModuleCall call, RemotePath path) {
    String script = "b=" + Shell.quote(path.value()) + ".$$.$(date +%Y-%m-%d@%H:%M:%S)~ && cp -p -- "
        + Shell.quote(path.value()) + " \"$b\" && printf '%s\\n' \"$b\"";
    return run(call, script, "could not back up " + path).stdout().strip();
  }

  /** Rollback's record: put the backup back, remove what was created, or nothing when neither applies. */
  static List<UndoRecord> undo(RemotePath path, PathState before, Optional<String> backupFile, boolean written) {
    if (backupFile.isPresent()) {
      return List.of(RestoreFile.fromBackup(path.value(), backupFile.get()));
    }
    if (written && !before.exists()) {
      return List.of(new RemoveCreated(path.value()));
    }
    return List.of();
  }

  static CommandResult run(ModuleCall call, String script, String failure) {
    CommandResult result = call.run(Command.of(script));
    if (!result.succeeded()) {
      throw new ModuleFailure(failure + ": " + String.join(" ", result.lastLines(3)));
    }
    return result;
  }

  private static String parent(RemotePath path) {
    String value = path.value();
    int slash = value.lastIndexOf('/');
    return slash <= 0 ? "/" : value.substring(0, slash);
  }
}
