package dev.orchestrate.core.module.builtin;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.template.TemplateException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Ansible's {@code template}: renders {@code src} (found in the playbook's {@code templates/}
 * folder, then next to the playbook) with the task's variables, then writes it as {@code copy}
 * does. Secret references the rendering leaves are revealed only in the bytes uploaded.
 */
public final class TemplateModule implements Module {
  @Override
  public String name() {
    return "template";
  }

  /** It checks before it changes, so running it again after a dropped connection is safe. */
  @Override
  public boolean safeToRerun() {
    return true;
  }

  @Override
  public Set<String> arguments() {
    return Set.of("src", "dest", "mode", "owner", "group", "backup", "force", "follow");
  }

  @Override
  public Set<String> requiredArguments() {
    return Set.of("src", "dest");
  }

  @Override
  public ModuleResult execute(ModuleCall call) {
    try {
      String source = Arguments.required(call, "src");
      Path file = ControllerFiles.find(call.playbookDirectory(), "templates", source);
      String text = new String(ControllerFiles.read(file), StandardCharsets.UTF_8);
      String rendered;
      try {
        rendered = call.renderTemplate(text);
      } catch (TemplateException e) {
        return ModuleResult.failed("template error while templating " + source + ": " + e.reason());
      }
      Attributes attributes = Attributes.from(call, Optional.of(file));
      byte[] bytes = Arguments.revealed(call, rendered).getBytes(StandardCharsets.UTF_8);
      return Placement.of(call, bytes, Optional.of(file.getFileName().toString()), attributes).place(call);
    } catch (ModuleFailure failure) {
      return failure.result();
    }
  }
}
