package dev.orchestrate.core.module.confluence;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Shell;
import dev.orchestrate.core.undo.Ownership;
import dev.orchestrate.core.undo.RestoreFile;
import dev.orchestrate.core.undo.SetAside;
import dev.orchestrate.core.undo.UndoRecord;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Edits one text file on a host in place, as the Confluence file modules share it: read the
 * file, apply named changes to its text, and write it back only when the text differs, keeping
 * its mode, after a verified backup that a rerun of the same run never overwrites.
 *
 * <p>Values reach the text already revealed, but never a message, a result field or the undo
 * record: those name keys only.
 *
 * <p>Undo: a {@link RestoreFile} (the backup, both checksums, the file's owner, group and mode),
 * or a {@link SetAside} for a file it creates; intended after the backup and before the write.
 */
final class FileEdits {
  static final int MAX_BYTES = 16 * 1024 * 1024;
  private static final int NEW_FILE_MODE = 0644;
  /** The exit status of {@link #modeAndBackupScript} when the file has a mode but no backup could be made. */
  private static final int BACKUP_FAILED = 3;

  /** One named change to a file's text; it throws {@link IllegalArgumentException} naming the key, never the value. */
  record Change(String key, UnaryOperator<String> edit) {
    Change {
      requireNonNull(key, "key");
      requireNonNull(edit, "edit");
    }
  }

  private final ModuleCall call;
  private final RemotePath path;
  private final Function<byte[], Charset> encoding;
  private final boolean backup;
  private final boolean create;

  /**
   * @param encoding the charset a file's bytes are read and written in, judged from the bytes
   *     (empty for a file that does not exist yet); it may throw {@link IllegalArgumentException}
   * @param create whether a missing file is made from nothing rather than reported as a failure
   */
  FileEdits(ModuleCall call, RemotePath path, Function<byte[], Charset> encoding, boolean backup, boolean create) {
    this.call = requireNonNull(call, "call");
    this.path = requireNonNull(path, "path");
    this.encoding = requireNonNull(encoding, "encoding");
    this.backup = backup;
    this.create = create;
  }

  /** The {@code path} argument as a path on the host. */
  static RemotePath path(ModuleCall call) {
    String path = call.string("path");
    if (path == null) {
      throw new IllegalArgumentException("path is required");
    }
    return RemotePath.of(path);
  }

  /** How a named value is written into a text: {@code SetenvText::set}, {@code CfgXml::setProperty}. */
  @FunctionalInterface
  interface Setter {
    String set(String text, String name, String value);
  }

  /**
   * A change per entry of the mapping {@code argument}: a null value removes the name, any other
   * sets it, its secret references revealed.
   */
  static List<Change> setOrRemove(ModuleCall call, String argument, Setter set, BinaryOperator<String> remove) {
    List<Change> changes = new ArrayList<>();
    for (Map.Entry<String, Object> entry : map(call, argument).entrySet()) {
      String name = entry.getKey();
      if (entry.getValue() == null) {
        changes.add(new Change(name, text -> remove.apply(text, name)));
      } else {
        String value = reveal(call, argument, name, entry.getValue());
        changes.add(new Change(name, text -> set.set(text, name, value)));
      }
    }
    return changes;
  }

  /** The map under {@code argument}, its keys as text and in order; empty when it is missing. */
  static Map<String, Object> map(ModuleCall call, String argument) {
    Object value = call.arguments().get(argument);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(argument + " must be a map of names to values");
    }
    Map<String, Object> entries = new LinkedHashMap<>();
    map.forEach((key, entry) -> entries.put(String.valueOf(key), entry));
    return Collections.unmodifiableMap(entries);
  }

  /** {@code value}, given for {@code key} under {@code argument}, as text with its secret references revealed. */
  static String reveal(ModuleCall call, String argument, String key, Object value) {
    if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
      throw new IllegalArgumentException(argument + "." + key + " must be a single value, not a list or a map");
    }
    return call.revealSecrets(String.valueOf(value));
  }

  /** Applies {@code changes} in order and writes the file if its text changed. */
  ModuleResult apply(List<Change> changes) {
    Optional<byte[]> existing = call.download(path, MAX_BYTES);
    if (existing.isEmpty() && !create) {
      return failed("no such file");
    }
    byte[] before = existing.orElse(new byte[0]);
    Charset charset;
    String original;
    try {
      charset = encoding.apply(before);
      original = decode(before, charset);
    } catch (IllegalArgumentException e) {
      return failed(e.getMessage());
    } catch (CharacterCodingException e) {
      return failed("is not valid text in its encoding");
    }
    String text = original;
    List<String> changedKeys = new ArrayList<>();
    for (Change change : changes) {
      String edited;
      try {
        edited = change.edit().apply(text);
      } catch (IllegalArgumentException e) {
        return failed(e.getMessage());
      }
      if (!edited.equals(text)) {
        changedKeys.add(change.key());
        text = edited;
      }
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("path", path.value());
    fields.put("changed_keys", List.copyOf(changedKeys));
    if (text.equals(original)) {
      return ModuleResult.ok(path + ": already as wanted").withFields(fields);
    }
    byte[] after;
    try {
      after = encode(text, charset);
    } catch (CharacterCodingException e) {
      return failed("a new value cannot be written in the file's encoding, " + charset.name());
    }
    String keys = String.join(", ", changedKeys);
    if (call.checkMode()) {
      return ModuleResult.changed(path + ": would change " + keys).withFields(fields);
    }
    if (existing.isEmpty()) {
      UndoRecord undo = SetAside.createdFile(path.value(), sha256(after));
      call.intend(undo);
      call.upload(path, after, NEW_FILE_MODE);
      return ModuleResult.changed(path + ": created with " + keys).withFields(fields).withUndo(undo);
    }
    Optional<RemotePath> copy = backup
        ? Optional.of(RemotePath.of(path.value() + ".orchestrate-" + call.runId())) : Optional.empty();
    CommandResult prepared = call.run(Command.of(modeAndBackupScript(copy)));
    if (copy.isPresent() && prepared.exitStatus() == BACKUP_FAILED) {
      return failed("cannot back it up to " + copy.get() + ": " + String.join(" ", prepared.lastLines(2)));
    }
    Optional<Ownership> owner = prepared.succeeded() ? ownership(prepared.stdout()) : Optional.empty();
    if (owner.isEmpty()) {
      return failed("cannot read its mode and owner: " + String.join(" ", prepared.lastLines(2)));
    }
    copy.ifPresent(target -> fields.put("backup", target.value()));
    UndoRecord undo = new RestoreFile(path.value(), copy.map(RemotePath::value).orElse(""), sha256(before),
        sha256(after), owner);
    call.intend(undo);
    call.upload(path, after, Integer.parseInt(owner.get().mode(), 8));
    return ModuleResult.changed(path + ": changed " + keys).withFields(fields).withUndo(undo);
  }

  /**
   * One round trip before the write: reads the file's owner, group and mode, then copies the file
   * to {@code copy} unless an earlier attempt of this run already did (that copy holds the file as
   * it was before the run, which a rerun must keep), and prints them last ({@code uid gid mode}).
   * A copy that does not match is removed, so no later attempt takes it for a good one.
   */
  private String modeAndBackupScript(Optional<RemotePath> copy) {
    String mode = "mode=$(" + Shell.command("stat", "-c", "%u %g %a", path.value()) + ") || exit 1\n";
    if (copy.isEmpty()) {
      return mode + "printf '%s\\n' \"$mode\"";
    }
    String file = Shell.quote(path.value());
    String target = Shell.quote(copy.get().value());
    return mode
        + "if [ -f " + target + " ] && [ ! -L " + target + " ]; then :\n"
        + "elif [ -e " + target + " ] || [ -L " + target + " ]; then echo 'it exists and is not a file' >&2; exit "
        + BACKUP_FAILED + "\n"
        + "else cp -p " + file + " " + target + " && cmp -s " + file + " " + target
        + " || { rm -f " + target + "; echo 'the copy does not match the file' >&2; exit " + BACKUP_FAILED + "; }\n"
        + "fi\n"
        + "printf '%s\\n' \"$mode\"";
  }

  private ModuleResult failed(String why) {
    return ModuleResult.failed(path + ": " + why).with("path", path.value());
  }

  private static Optional<Ownership> ownership(String stdout) {
    try {
      return Optional.of(Ownership.parse(stdout));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String decode(byte[] content, Charset charset) throws CharacterCodingException {
    return charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(content))
        .toString();
  }

  private static byte[] encode(String text, Charset charset) throws CharacterCodingException {
    ByteBuffer buffer = charset.newEncoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .encode(CharBuffer.wrap(text));
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java", e);
    }
  }
}
