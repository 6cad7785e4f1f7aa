package dev.orchestrate.core.module.confluence;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.confluence.FileEdits.Change;
import dev.orchestrate.core.module.edit.PropertiesText;
import dev.orchestrate.core.value.Values;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code properties}: sets ({@code set}) and removes ({@code remove}) keys of a Java {@code
 * .properties} file such as {@code confluence-init.properties}, editing it in place. A missing
 * file is a failure unless {@code create} is true. With {@code backup} (the default) the file is
 * first copied to {@code PATH.orchestrate-RUN}.
 */
public final class PropertiesModule implements Module {
  public PropertiesModule() {}

  @Override
  public String name() {
    return "properties";
  }

  /** It checks before it changes, so running it again after a dropped connection is safe. */
  @Override
  public boolean safeToRerun() {
    return true;
  }

  @Override
  public Set<String> arguments() {
    return Set.of("path", "set", "remove", "create", "backup");
  }

  @Override
  public Set<String> requiredArguments() {
    return Set.of("path");
  }

  @Override
  public ModuleResult execute(ModuleCall call) {
    try {
      Map<String, Object> set = FileEdits.map(call, "set");
      List<Change> changes = new ArrayList<>();
      for (Map.Entry<String, Object> entry : set.entrySet()) {
        String key = entry.getKey();
        if (entry.getValue() == null) {
          throw new IllegalArgumentException("set." + key + " has no value; to delete the key, list it under remove");
        }
        String value = FileEdits.reveal(call, "set", key, entry.getValue());
        changes.add(new Change(key, text -> PropertiesText.set(text, key, value)));
      }
      for (Object item : Values.list(call.arguments().get("remove"))) {
        String key = String.valueOf(item);
        if (set.containsKey(key)) {
          throw new IllegalArgumentException(key + " is both under set and under remove; keep one");
        }
        changes.add(new Change(key, text -> PropertiesText.remove(text, key)));
      }
      // Properties.load(InputStream) reads ISO 8859-1, and every byte survives a round trip through it.
      return new FileEdits(call, FileEdits.path(call), content -> StandardCharsets.ISO_8859_1,
          call.flag("backup", true), call.flag("create", false)).apply(changes);
    } catch (IllegalArgumentException e) {
      return ModuleResult.failed(e.getMessage());
    }
  }
}
