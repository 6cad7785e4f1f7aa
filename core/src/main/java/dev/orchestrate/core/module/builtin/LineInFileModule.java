package dev.orchestrate.core.module.builtin;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.template.PythonRegex;
import dev.orchestrate.core.topology.RemotePath;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Ansible's {@code lineinfile}: makes sure one line is in a file (replacing the last line that
 * {@code regexp} matches) or that no line matching is. The file is read, edited here and written
 * back whole, keeping its mode; a link is followed. Like Ansible, it works on the file's bytes, so
 * a file in any encoding comes back unchanged but for the edited line.
 */
public final class LineInFileModule implements Module {
  @Override
  public String name() {
    return "lineinfile";
  }

  /** It checks before it changes, so running it again after a dropped connection is safe. */
  @Override
  public boolean safeToRerun() {
    return true;
  }

  @Override
  public Set<String> arguments() {
    return Set.of("path", "dest", "destfile", "name", "state", "regexp", "regex", "search_string", "line", "value",
        "insertafter", "insertbefore", "create", "backrefs", "backup", "firstmatch", "mode", "owner", "group");
  }

  @Override
  public ModuleResult execute(ModuleCall call) {
    try {
      RemotePath path = Arguments.path(Arguments.required(call, "path", "dest", "destfile", "name"), "path");
      boolean present = Arguments.choice(call, "state", "present", List.of("present", "absent")).equals("present");
      Optional<String> regexp = Arguments.first(call, "regexp", "regex");
      Optional<String> search = Arguments.optional(call, "search_string");
      Optional<String> line = Arguments.first(call, "line", "value");
      Optional<String> after = Arguments.optional(call, "insertafter");
      Optional<String> before = Arguments.optional(call, "insertbefore");
      boolean backrefs = Arguments.flag(call, "backrefs", false);
      exclusive("insertafter", after, "insertbefore", before);
      exclusive("regexp", regexp, "search_string", search);
      exclusive("backrefs", backrefs ? Optional.of("yes") : Optional.empty(), "search_string", search);
      Optional<PythonRegex> pattern = regexp.map(r -> PythonRegex.compile(bytes(r), 0));
      PathState file = EditedFile.resolve(call, path);

      if (!present) {
        if (regexp.isEmpty() && search.isEmpty() && line.isEmpty()) {
          return ModuleResult.failed("one of line, search_string, or regexp is required with state=absent");
        }
        if (!file.exists()) {
          return ModuleResult.ok("file not present");
        }
        LineEdits.Edit edit = LineEdits.absent(read(call, file), pattern, search.map(LineInFileModule::bytes),
            line.map(LineInFileModule::bytes).map(text -> revealed(call, text)));
        return write(call, file, edit, false).with("found", edit.found());
      }
      if (backrefs && regexp.isEmpty()) {
        return ModuleResult.failed("regexp is required with backrefs=true");
      }
      if (line.isEmpty()) {
        return ModuleResult.failed("line is required with state=present");
      }
      if (!file.exists() && !Arguments.flag(call, "create", false)) {
        return ModuleResult.failed("Destination " + path + " does not exist !").with("rc", 257);
      }
      String text = file.exists() ? read(call, file) : "";
      LineEdits.Wanted wanted = new LineEdits.Wanted(bytes(line.get()), pattern, search.map(LineInFileModule::bytes),
          after.map(LineInFileModule::bytes), before.map(LineInFileModule::bytes), backrefs,
          Arguments.flag(call, "firstmatch", false), written -> revealed(call, written));
      return write(call, file, LineEdits.present(text, wanted), true);
    } catch (ModuleFailure failure) {
      return failure.result();
    } catch (PythonRegex.Invalid invalid) {
      return ModuleResult.failed(invalid.getMessage());
    }
  }

  private static ModuleResult write(ModuleCall call, PathState file, LineEdits.Edit edit, boolean makeParent) {
    Optional<byte[]> content = edit.changed()
        ? Optional.of(edit.text().getBytes(StandardCharsets.ISO_8859_1)) : Optional.empty();
    FileWriter.Outcome outcome = FileWriter.write(call, file, content, Attributes.from(call),
        Arguments.flag(call, "backup", false), makeParent);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("backup", outcome.backupFile().orElse(""));
    return new ModuleResult(edit.changed() || outcome.attributesChanged(), false,
        Attributes.message(edit.message(), outcome.attributesChanged()), fields, outcome.undo());
  }

  private static String read(ModuleCall call, PathState file) {
    return new String(EditedFile.content(call, file), StandardCharsets.ISO_8859_1);
  }

  /**
   * {@code text} as its UTF-8 bytes, one char per byte, to match the file's bytes read the same
   * way: Ansible's lineinfile compares bytes, not characters.
   */
  private static String bytes(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  /**
   * {@code text} (one char per byte) with its secrets put in as their UTF-8 bytes. A line that
   * took bytes that are not UTF-8 from the file through a backreference gets its secrets as they
   * are, which is exact for ASCII secrets.
   */
  private static String revealed(ModuleCall call, String text) {
    byte[] raw = text.getBytes(StandardCharsets.ISO_8859_1);
    try {
      String decoded = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw)).toString();
      return bytes(Arguments.revealed(call, decoded));
    } catch (CharacterCodingException e) {
      return Arguments.revealed(call, text);
    }
  }

  private static void exclusive(String one, Optional<String> first, String other, Optional<String> second) {
    if (first.isPresent() && second.isPresent()) {
      throw new ModuleFailure("parameters are mutually exclusive: " + one + "|" + other);
    }
  }
}
