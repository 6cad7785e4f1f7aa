package dev.orchestrate.core.module.builtin;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.template.PythonRegex;
import dev.orchestrate.core.topology.RemotePath;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Ansible's {@code replace}: replaces every match of a Python regular expression in a file
 * (optionally only between {@code after} and {@code before}), reading the file as text in
 * {@code encoding} (UTF-8 unless told) and refusing one that is not. A link is followed.
 */
public final class ReplaceModule implements Module {
  @Override
  public String name() {
    return "replace";
  }

  /** It checks before it changes, so running it again after a dropped connection is safe. */
  @Override
  public boolean safeToRerun() {
    return true;
  }

  @Override
  public Set<String> arguments() {
    return Set.of("path", "dest", "destfile", "name", "regexp", "replace", "after", "before", "backup", "encoding",
        "mode", "owner", "group");
  }

  @Override
  public Set<String> requiredArguments() {
    return Set.of("regexp");
  }

  @Override
  public ModuleResult execute(ModuleCall call) {
    try {
      RemotePath path = Arguments.path(Arguments.required(call, "path", "dest", "destfile", "name"), "path");
      String regexp = Arguments.required(call, "regexp");
      Charset encoding = charset(call.string("encoding", "utf-8"));
      PathState file = EditedFile.resolve(call, path);
      if (!file.exists()) {
        return ModuleResult.failed("Path " + path + " does not exist !").with("rc", 257);
      }
      String contents = decode(EditedFile.content(call, file), encoding, path);
      Replacements.Result result = Replacements.apply(contents, regexp, call.string("replace", ""),
          Arguments.optional(call, "after"), Arguments.optional(call, "before"),
          text -> Arguments.revealed(call, text));
      if (result.missedSection().isPresent()) {
        return ModuleResult.ok(result.missedSection().get()).with("rc", 0);
      }
      boolean changed = result.count() > 0 && !result.text().equals(contents);
      FileWriter.Outcome outcome = FileWriter.write(call, file,
          changed ? Optional.of(result.text().getBytes(encoding)) : Optional.empty(), Attributes.from(call),
          Arguments.flag(call, "backup", false), false);
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("rc", 0);
      outcome.backupFile().ifPresent(backup -> fields.put("backup_file", backup));
      String message = changed ? result.count() + " replacements made" : "";
      return new ModuleResult(changed || outcome.attributesChanged(), false,
          Attributes.message(message, outcome.attributesChanged()), fields, outcome.undo());
    } catch (ModuleFailure failure) {
      return failure.result();
    } catch (PythonRegex.Invalid invalid) {
      return ModuleResult.failed(invalid.getMessage());
    }
  }

  /** The charset Python calls {@code name}: Java knows {@code latin-1} as {@code latin1}, {@code utf_8} as utf-8. */
  private static Charset charset(String name) {
    for (String candidate : List.of(name, name.replace("-", ""), name.replace('_', '-'))) {
      try {
        return Charset.forName(candidate);
      } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
        // Try the next spelling.
      }
    }
    throw new ModuleFailure("unknown encoding '" + name + "'");
  }

  private static String decode(byte[] bytes, Charset encoding, RemotePath path) {
    try {
      return encoding.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ModuleFailure(path + " is not valid " + encoding.name() + " text; give its encoding in 'encoding'");
    }
  }
}
