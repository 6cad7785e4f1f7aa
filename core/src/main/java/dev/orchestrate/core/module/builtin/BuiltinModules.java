package dev.orchestrate.core.module.builtin;

import dev.orchestrate.core.module.Module;
import java.util.List;

/** Ansible's built-in modules that act on a host, one instance of each. */
public final class BuiltinModules {
  private BuiltinModules() {}

  public static List<Module> all() {
    return List.of(new CommandModule(), new ShellModule(), new FileModule(), new CopyModule(), new TemplateModule(),
        new LineInFileModule(), new ReplaceModule(), new WaitForModule(), new UriModule());
  }
}
