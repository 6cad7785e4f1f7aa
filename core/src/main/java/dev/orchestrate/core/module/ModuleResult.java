package dev.orchestrate.core.module;

import dev.orchestrate.core.undo.UndoRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a module did on one host, as Ansible registers it: {@code changed}, {@code failed},
 * {@code msg} and module-specific fields ({@code rc}, {@code stdout}, {@code json}, ...), plus
 * {@code undo}: what rollback needs to put back what it changed (never a secret), kept whether
 * the module succeeded or failed part-way.
 */
public record ModuleResult(boolean changed, boolean failed, String message, Map<String, Object> fields,
    List<UndoRecord> undo) {
  public ModuleResult {
    message = message == null ? "" : message;
    fields = unmodifiable(fields);
    undo = List.copyOf(undo);
  }

  public static ModuleResult ok(String message) {
    return new ModuleResult(false, false, message, Map.of(), List.of());
  }

  public static ModuleResult changed(String message) {
    return new ModuleResult(true, false, message, Map.of(), List.of());
  }

  public static ModuleResult failed(String message) {
    return new ModuleResult(false, true, message, Map.of(), List.of());
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

  /** This result with {@code record} added to what its undo needs. */
  public ModuleResult withUndo(UndoRecord record) {
    List<UndoRecord> more = new ArrayList<>(undo);
    more.add(record);
    return new ModuleResult(changed, failed, message, fields, more);
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
