package dev.orchestrate.core.module;

import dev.orchestrate.core.module.balancer.HaproxyModule;
import dev.orchestrate.core.module.builtin.BuiltinModules;
import dev.orchestrate.core.module.confluence.OwnModules;
import dev.orchestrate.core.module.confluence.PropertiesModule;
import dev.orchestrate.core.module.confluence.SetenvOptModule;
import dev.orchestrate.core.module.confluence.XmlPropertyModule;
import dev.orchestrate.core.module.control.ControlModules;
import java.util.ArrayList;
import java.util.List;

/** Every module a playbook can use: Ansible's subset, the controller's, and the project's own. */
public final class StandardModules {
  private static final ModuleRegistry REGISTRY = build();

  private StandardModules() {}

  public static ModuleRegistry registry() {
    return REGISTRY;
  }

  private static ModuleRegistry build() {
    List<Module> modules = new ArrayList<>(BuiltinModules.all());
    modules.addAll(ControlModules.all());
    modules.addAll(OwnModules.all());
    modules.add(new XmlPropertyModule());
    modules.add(new PropertiesModule());
    modules.add(new SetenvOptModule());
    modules.add(new HaproxyModule());
    return ModuleRegistry.of(modules);
  }
}
