package dev.orchestrate.core.module;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The modules a playbook may name, by short name or by {@code ansible.builtin.} name, and the
 * advice for well-known modules outside the subset.
 */
public final class ModuleRegistry {
  private static final String BUILTIN_PREFIX = "ansible.builtin.";
  private static final String LEGACY_PREFIX = "ansible.legacy.";

  /** Modules people reach for that the subset leaves out, with what to write instead. */
  private static final Map<String, String> INSTEAD = Map.ofEntries(
      Map.entry("ansible.posix.synchronize", "use 'sync'"),
      Map.entry("synchronize", "use 'sync'"),
      Map.entry("ansible.builtin.systemd", "use 'confluence_service' with control: systemd, or 'command: systemctl ...'"),
      Map.entry("ansible.builtin.service", "use 'confluence_service', or 'command: systemctl ...'"),
      Map.entry("ansible.builtin.unarchive", "use 'command: tar xf ...' with 'creates'"),
      Map.entry("ansible.builtin.fetch", "use 'sync' between nodes"),
      Map.entry("ansible.builtin.script", "use 'shell'"),
      Map.entry("ansible.builtin.raw", "use 'command' or 'shell'"),
      Map.entry("ansible.builtin.setup", "facts are gathered on demand; read them as 'facts.*'"),
      Map.entry("ansible.builtin.include_tasks", "write the tasks in the play"),
      Map.entry("ansible.builtin.import_tasks", "write the tasks in the play"),
      Map.entry("ansible.builtin.import_playbook", "run each playbook with its own 'orchestrate run'"),
      Map.entry("ansible.builtin.blockinfile", "use 'lineinfile' per line, or 'template'"),
      Map.entry("community.general.xml", "use 'xml_property'"),
      Map.entry("community.general.ini_file", "use 'properties' or 'lineinfile'"));

  private final Map<String, Module> modules;

  private ModuleRegistry(Map<String, Module> modules) {
    this.modules = modules;
  }

  public static ModuleRegistry of(Collection<Module> modules) {
    Map<String, Module> byName = new LinkedHashMap<>();
    for (Module module : modules) {
      if (byName.put(module.name(), module) != null) {
        throw new IllegalArgumentException("two modules are named '" + module.name() + "'");
      }
    }
    return new ModuleRegistry(byName);
  }

  /** The module {@code written} names: {@code lineinfile}, {@code ansible.builtin.lineinfile}. */
  public Optional<Module> find(String written) {
    return Optional.ofNullable(modules.get(shortName(written)));
  }

  public Module get(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException("no module named '" + name + "'"));
  }

  /** True when {@code key}, as a task key, looks like a module name rather than a misspelt keyword. */
  public boolean looksLikeModule(String key) {
    return key.contains(".") || INSTEAD.containsKey(key) || INSTEAD.containsKey(BUILTIN_PREFIX + key);
  }

  /** What to write instead of an unsupported module, when known. */
  public Optional<String> advice(String written) {
    return Optional.ofNullable(INSTEAD.getOrDefault(written, INSTEAD.get(BUILTIN_PREFIX + written)));
  }

  public Set<String> names() {
    return modules.keySet();
  }

  public List<Module> all() {
    return List.copyOf(modules.values());
  }

  /** The short name: {@code ansible.builtin.command} and {@code ansible.legacy.command} are {@code command}. */
  public static String shortName(String written) {
    if (written.startsWith(BUILTIN_PREFIX)) {
      return written.substring(BUILTIN_PREFIX.length());
    }
    if (written.startsWith(LEGACY_PREFIX)) {
      return written.substring(LEGACY_PREFIX.length());
    }
    return written;
  }
}
