package dev.orchestrate.core.module.confluence;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.confluence.FileEdits.Change;
import dev.orchestrate.core.module.edit.SetenvText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code setenv_opt}: sets and removes ({@code options}, a null value removing one) the {@code
 * -Dname=value} system properties that {@code bin/setenv.sh} puts on CATALINA_OPTS lines, editing
 * the script in place. With {@code backup} (the default) the file is first copied to {@code
 * PATH.orchestrate-RUN}.
 */
public final class SetenvOptModule implements Module {
  public SetenvOptModule() {}

  @Override
  public String name() {
    return "setenv_opt";
  }

  @Override
  public Set<String> arguments() {
    return Set.of("path", "options", "backup");
  }

  @Override
  public Set<String> requiredArguments() {
    return Set.of("path");
  }

  @Override
  public ModuleResult execute(ModuleCall call) {
    try {
      List<Change> changes = new ArrayList<>();
      for (Map.Entry<String, Object> entry : FileEdits.map(call, "options").entrySet()) {
        String name = entry.getKey();
        if (entry.getValue() == null) {
          changes.add(new Change(name, text -> SetenvText.remove(text, name)));
        } else {
          String value = FileEdits.reveal(call, "options", name, entry.getValue());
          changes.add(new Change(name, text -> SetenvText.set(text, name, value)));
        }
      }
      return new FileEdits(call, FileEdits.path(call), content -> StandardCharsets.UTF_8, call.flag("backup", true),
          false).apply(changes);
    } catch (IllegalArgumentException e) {
      return ModuleResult.failed(e.getMessage());
    }
  }
}
