package dev.orchestrate.core.module.control;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.value.Values;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The modules that run on the controller and never touch a host: {@code debug}, {@code fail},
 * {@code assert}, {@code set_fact}, {@code pause}. What needs the task's variables (the
 * conditions of {@code assert}, the variable {@code debug} shows) is evaluated by the executor
 * before the call and arrives in the arguments under the names below.
 */
public final class ControlModules {
  /** For {@code assert}: the conditions of {@code that} that did not hold, as written. */
  public static final String FAILED_CONDITIONS = "_failed_conditions";
  /** For {@code debug: var=...}: the variable's value. */
  public static final String VARIABLE_VALUE = "_var_value";

  private ControlModules() {}

  public static List<Module> all() {
    return List.of(new Debug(), new Fail(), new Assert(), new SetFact(), new Pause());
  }

  private abstract static class ControllerModule implements Module {
    @Override
    public boolean controllerOnly() {
      return true;
    }
  }

  private static final class Debug extends ControllerModule {
    @Override
    public String name() {
      return "debug";
    }

    @Override
    public Set<String> arguments() {
      return Set.of("msg", "var", "verbosity");
    }

    @Override
    public ModuleResult execute(ModuleCall call) {
      if (call.arguments().containsKey("var")) {
        return ModuleResult.ok("").with(call.string("var"), call.arguments().get(VARIABLE_VALUE));
      }
      Object message = call.arguments().getOrDefault("msg", "Hello world!");
      return ModuleResult.ok(String.valueOf(message)).with("msg", message);
    }
  }

  private static final class Fail extends ControllerModule {
    @Override
    public String name() {
      return "fail";
    }

    @Override
    public Set<String> arguments() {
      return Set.of("msg");
    }

    @Override
    public ModuleResult execute(ModuleCall call) {
      return ModuleResult.failed(call.string("msg", "Failed as requested from task"));
    }
  }

  private static final class Assert extends ControllerModule {
    @Override
    public String name() {
      return "assert";
    }

    @Override
    public Set<String> arguments() {
      return Set.of("that", "fail_msg", "msg", "success_msg", "quiet");
    }

    @Override
    public Set<String> requiredArguments() {
      return Set.of("that");
    }

    @Override
    public ModuleResult execute(ModuleCall call) {
      List<Object> failed = Values.list(call.arguments().get(FAILED_CONDITIONS));
      if (!failed.isEmpty()) {
        String message = call.string("fail_msg", call.string("msg", "Assertion failed"));
        return ModuleResult.failed(message).with("assertion", String.valueOf(failed.get(0)))
            .with("evaluated_to", false);
      }
      return ModuleResult.ok(call.string("success_msg", "All assertions passed"));
    }
  }

  private static final class SetFact extends ControllerModule {
    @Override
    public String name() {
      return "set_fact";
    }

    @Override
    public Set<String> arguments() {
      return Set.of("*");
    }

    @Override
    public ModuleResult execute(ModuleCall call) {
      Map<String, Object> facts = new LinkedHashMap<>(call.arguments());
      facts.remove("cacheable");
      return ModuleResult.ok("").with("ansible_facts", facts);
    }
  }

  private static final class Pause extends ControllerModule {
    @Override
    public String name() {
      return "pause";
    }

    @Override
    public Set<String> arguments() {
      return Set.of("seconds", "minutes", "prompt", "echo");
    }

    @Override
    public ModuleResult execute(ModuleCall call) {
      if (call.arguments().containsKey("prompt") && !call.arguments().containsKey("seconds")
          && !call.arguments().containsKey("minutes")) {
        return ModuleResult.failed("pause with a prompt waits for a person; orchestrate runs unattended: give 'seconds'");
      }
      long millis = call.integer("seconds", 0) * 1000L + call.integer("minutes", 0) * 60_000L;
      if (!call.checkMode()) {
        try {
          Thread.sleep(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return ModuleResult.failed("interrupted");
        }
      }
      return ModuleResult.ok("Paused for " + millis / 1000.0 + " seconds").with("delta", millis / 1000.0);
    }
  }
}
