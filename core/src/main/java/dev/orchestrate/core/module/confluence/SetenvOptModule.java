package dev.orchestrate.core.module.confluence;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.confluence.FileEdits.Change;
import dev.orchestrate.core.module.edit.SetenvText;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

  /** It checks before it changes, so running it again after a dropped connection is safe. */
  @Override
  public boolean safeToRerun() {
    return true;
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
      List<Change> changes = FileEdits.setOrRemove(call, "options", SetenvText::set, SetenvText::remove);
      return new FileEdits(call, FileEdits.path(call), content -> StandardCharsets.UTF_8, call.flag("backup", true),
          false).apply(changes);
    } catch (IllegalArgumentException e) {
      return ModuleResult.failed(e.getMessage());
    }
  }
}
