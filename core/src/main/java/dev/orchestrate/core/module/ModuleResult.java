package dev.orchestrate.core.module;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a module did on one host, as Ansible registers it: {@code changed}, {@code failed},
 * {@code msg} and module-specific fields ({@code rc}, {@code stdout}, {@code json}, ...), plus
 * {@code undo}: what rollback needs to put things back (never a secret).
 */
public record ModuleResult(boolean changed, boolean failed, String message, Map<String, Object> fields,
    Map<String, Object> undo) {
  public ModuleResult {
    message = message == null ? "" : message;
    fields = unmodifiable(fields);
    undo = unmodifiable(undo);
  }

  public static ModuleResult ok(String message) {
    return new ModuleResult(false, false, message, Map.of(), Map.of());
  }

  public static ModuleResult changed(String message) {
    return new ModuleResult(true, false, message, Map.of(), Map.of());
  }

  public static ModuleResult failed(String message) {
    return new ModuleResult(false, true, message, Map.of(), Map.of());
  }

  public ModuleResult with(String key, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(fields);
    more.put(key, value);
    return new ModuleResult(changed, failed, message, more, undo);
  }

  public ModuleResult withFields(Map<String, Object> more) {
    Map<String, Object> all = new LinkedHashMap<>(fields);
    all.putAll(more);
    return new ModuleResult(changed, failed, message, all, undo);
  }

  public ModuleResult withUndo(Map<String, Object> record) {
    return new ModuleResult(changed, failed, message, fields, record);
  }

  public ModuleResult asFailed(String why) {
    return new ModuleResult(changed, true, why, fields, undo);
  }

  /** The registered value: fields, then changed, failed and msg as Ansible names them. */
  public Map<String, Object> registered() {
    Map<String, Object> all = new LinkedHashMap<>(fields);
    all.put("changed", changed);
    all.put("failed", failed);
    if (!message.isEmpty() || !all.containsKey("msg")) {
      all.put("msg", message);
    }
    return all;
  }

  private static Map<String, Object> unmodifiable(Map<String, Object> map) {
    return map == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
