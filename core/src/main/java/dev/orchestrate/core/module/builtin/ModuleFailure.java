package dev.orchestrate.core.module.builtin;

import dev.orchestrate.core.module.ModuleResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A module's failure found deep in a helper: a bad argument, a path in the way, a command that
 * failed. The module turns it into its failed result, with the fields Ansible returns beside
 * {@code msg}. Its message never holds a secret: it names paths and arguments, not content.
 */
final class ModuleFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Map<String, Object> fields;

  ModuleFailure(String message) {
    this(message, Map.of());
  }

  ModuleFailure(String message, Map<String, Object> fields) {
    super(message, null, false, false);
    this.fields = new LinkedHashMap<>(fields);
  }

  ModuleResult result() {
    return ModuleResult.failed(getMessage()).withFields(fields);
  }
}
