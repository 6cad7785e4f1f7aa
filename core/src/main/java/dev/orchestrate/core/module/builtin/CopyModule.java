package dev.orchestrate.core.module.builtin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Ansible's {@code copy} of one file: {@code src} from the controller (the playbook's {@code
 * files/} folder, then next to the playbook) or {@code content}, to {@code dest} on the host.
 * Changed only when the content's SHA-1 differs or mode, owner or group change; {@code checksum}
 * is that SHA-1, as in Ansible. Secret references in {@code content} are revealed only in the
 * bytes uploaded. Directories as {@code src} and {@code remote_src} are not supported.
 */
public final class CopyModule implements Module {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String name() {
    return "copy";
  }

  /** It checks before it changes, so running it again after a dropped connection is safe. */
  @Override
  public boolean safeToRerun() {
    return true;
  }

  @Override
  public Set<String> arguments() {
    return Set.of("src", "content", "dest", "mode", "owner", "group", "backup", "force", "follow");
  }

  @Override
  public Set<String> requiredArguments() {
    return Set.of("dest");
  }

  @Override
  public ModuleResult execute(ModuleCall call) {
    try {
      Object content = call.arguments().get("content");
      Optional<String> source = Arguments.optional(call, "src");
      if (content != null && source.isPresent()) {
        return ModuleResult.failed("src and content are mutually exclusive");
      }
      if (content == null && source.isEmpty()) {
        return ModuleResult.failed("src (or content) is required");
      }
      if (source.isEmpty()) {
        byte[] bytes = Arguments.revealed(call, text(content)).getBytes(StandardCharsets.UTF_8);
        return Placement.of(call, bytes, Optional.empty(), Attributes.from(call)).place(call);
      }
      Path file = ControllerFiles.find(call.playbookDirectory(), "files", source.get());
      byte[] bytes = ControllerFiles.read(file);
      Attributes attributes = Attributes.from(call, Optional.of(file));
      return Placement.of(call, bytes, Optional.of(file.getFileName().toString()), attributes).place(call);
    } catch (ModuleFailure failure) {
      return failure.result();
    }
  }

  /** Content as Ansible writes it: text as it is, a map or list as JSON. */
  private static String text(Object content) {
    if (content instanceof Map<?, ?> || content instanceof List<?>) {
      try {
        return JSON.writeValueAsString(content);
      } catch (JsonProcessingException e) {
        throw new ModuleFailure("content cannot be written as JSON: " + e.getOriginalMessage());
      }
    }
    return String.valueOf(content);
  }
}
