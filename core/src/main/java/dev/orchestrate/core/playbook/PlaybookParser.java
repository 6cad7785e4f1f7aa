package dev.orchestrate.core.playbook;

import dev.orchestrate.core.diagnostic.Diagnostic;
import dev.orchestrate.core.diagnostic.Diagnostics;
import dev.orchestrate.core.diagnostic.InvalidFileException;
import dev.orchestrate.core.diagnostic.SourcePosition;
import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleRegistry;
import dev.orchestrate.core.shape.Suggestions;
import dev.orchestrate.core.value.Values;
import dev.orchestrate.core.yaml.YamlList;
import dev.orchestrate.core.yaml.YamlMap;
import dev.orchestrate.core.yaml.YamlNode;
import dev.orchestrate.core.yaml.YamlReader;
import dev.orchestrate.core.yaml.YamlScalar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Reads a playbook written in the Ansible subset docs/playbooks.md describes. Everything outside the
 * subset is an error naming file, line and column, found before any host is touched; all of a
 * file's problems are reported at once.
 */
public final class PlaybookParser {
  private static final Set<String> PLAY_KEYS = Set.of("name", "hosts", "serial", "vars", "tasks", "gather_facts",
      "any_errors_fatal", "max_fail_percentage", "strategy");
  private static final Map<String, String> PLAY_KEYS_LEFT_OUT = Map.of(
      "become", "set 'ssh.become: sudo' in cluster.yaml",
      "become_user", "set 'ssh.become: sudo' in cluster.yaml",
      "remote_user", "set 'ssh.user' in cluster.yaml",
      "handlers", "write the handler's task where it must run, with a 'when' on the registered result",
      "roles", "write the tasks in the play",
      "pre_tasks", "write them first in 'tasks'",
      "post_tasks", "write them last in 'tasks'",
      "vars_files", "put the values in 'vars'",
      "import_playbook", "run each playbook with its own 'orchestrate run'",
      "connection", "every host is reached over SSH as cluster.yaml says");
  private static final Set<String> TASK_KEYS = Set.of("name", "when", "register", "changed_when", "failed_when",
      "until", "retries", "delay", "loop", "loop_control", "ignore_errors", "tags", "no_log", "run_once",
      "delegate_to", "timeout", "vars", "args");
  private static final Map<String, String> TASK_KEYS_LEFT_OUT = Map.ofEntries(
      Map.entry("with_items", "use 'loop'"),
      Map.entry("with_list", "use 'loop'"),
      Map.entry("with_dict", "use 'loop' with the 'dict2items' filter"),
      Map.entry("block", "write the tasks one after another, each with its 'when'"),
      Map.entry("rescue", "use 'ignore_errors' and a 'when' on the registered result"),
      Map.entry("always", "write the task after the others with 'ignore_errors' on them"),
      Map.entry("notify", "write the handler's task where it must run, with a 'when' on the registered result"),
      Map.entry("become", "set 'ssh.become: sudo' in cluster.yaml"),
      Map.entry("become_user", "set 'ssh.become: sudo' in cluster.yaml"),
      Map.entry("environment", "set variables in the command itself"),
      Map.entry("async", "long tasks run in the foreground with a 'timeout'"),
      Map.entry("poll", "long tasks run in the foreground with a 'timeout'"),
      Map.entry("local_action", "use 'delegate_to: localhost'"),
      Map.entry("include_tasks", "write the tasks in the play"),
      Map.entry("import_tasks", "write the tasks in the play"),
      Map.entry("check_mode", "use 'orchestrate run --dry-run'"),
      Map.entry("throttle", "use the play's 'serial'"));

  private final ModuleRegistry modules;

  private PlaybookParser(ModuleRegistry modules) {
    this.modules = modules;
  }

  public static PlaybookParser create(ModuleRegistry modules) {
    return new PlaybookParser(modules);
  }

  /** A parsed playbook, or the reasons there is none. */
  public record Result(Optional<Playbook> playbook, List<Diagnostic> diagnostics) {
    public Result {
      diagnostics = List.copyOf(diagnostics);
    }

    public Playbook orThrow() {
      return playbook.orElseThrow(() -> new InvalidFileException(diagnostics));
    }
  }

  public Result parse(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file);
    } catch (IOException e) {
      Diagnostics diagnostics = new Diagnostics(file.toString());
      diagnostics.error(SourcePosition.START, "cannot read the playbook: " + e.getMessage());
      return new Result(Optional.empty(), diagnostics.sorted());
    }
  }

  public Result parse(String text, Path file) {
    Diagnostics diagnostics = new Diagnostics(file.toString());
    Optional<YamlNode> root = YamlReader.read(text, diagnostics);
    List<Play> plays = new ArrayList<>();
    if (root.isPresent()) {
      if (root.get() instanceof YamlList list) {
        if (list.items().isEmpty()) {
          diagnostics.error(list.position(), "a playbook needs at least one play");
        }
        for (YamlNode item : list.items()) {
          play(item, diagnostics).ifPresent(plays::add);
        }
      } else {
        diagnostics.error(root.get().position(), "a playbook is a list of plays, not " + root.get().describe(),
            "start each play with '- hosts: ...'");
      }
    } else if (!diagnostics.hasErrors()) {
      diagnostics.error(SourcePosition.START, "the playbook is empty");
    }
    if (diagnostics.hasErrors()) {
      return new Result(Optional.empty(), diagnostics.sorted());
    }
    String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    return new Result(Optional.of(new Playbook(file, name, plays)), diagnostics.sorted());
  }

  private Optional<Play> play(YamlNode node, Diagnostics diagnostics) {
    if (!(node instanceof YamlMap map)) {
      diagnostics.error(node.position(), "a play is a mapping with 'hosts' and 'tasks', not " + node.describe());
      return Optional.empty();
    }
    for (YamlMap.Entry entry : map.entries()) {
      if (!PLAY_KEYS.contains(entry.key())) {
        unknownKey(entry, PLAY_KEYS, PLAY_KEYS_LEFT_OUT, "play", diagnostics);
      }
    }
    String hosts = "";
    Optional<YamlNode> hostsNode = map.get("hosts");
    if (hostsNode.isEmpty()) {
      diagnostics.error(map.position(), "a play needs 'hosts'", "for example 'hosts: confluence'");
    } else if (hostsNode.get() instanceof YamlScalar scalar && scalar.type() == YamlScalar.Type.STRING) {
      hosts = scalar.text();
    } else if (hostsNode.get() instanceof YamlList list) {
      hosts = String.join(":", list.items().stream().map(i -> i instanceof YamlScalar s ? s.text() : "").toList());
    } else {
      diagnostics.error(hostsNode.get().position(), "'hosts' is a pattern such as 'confluence' or 'first:others', not "
          + hostsNode.get().describe());
    }
    List<Object> serial = new ArrayList<>();
    map.get("serial").ifPresent(value -> serial.addAll(serial(value, diagnostics)));
    Map<String, Object> vars = mapping(map, "vars", diagnostics);
    OptionalDouble maxFail = OptionalDouble.empty();
    Optional<YamlScalar> maxFailNode = map.scalar("max_fail_percentage");
    if (maxFailNode.isPresent()) {
      Optional<Double> percent = number(maxFailNode.get(), "max_fail_percentage", diagnostics);
      maxFail = percent.map(OptionalDouble::of).orElse(OptionalDouble.empty());
    }
    String strategy = map.text("strategy").orElse("linear");
    if (!strategy.equals("linear") && !strategy.equals("free")) {
      diagnostics.error(map.get("strategy").orElseThrow().position(), "strategy '" + strategy + "' is not supported",
          "use 'linear' (the default) or 'free'");
      strategy = "linear";
    }
    boolean anyErrorsFatal = flag(map, "any_errors_fatal", diagnostics);
    flag(map, "gather_facts", diagnostics);
    List<Task> tasks = new ArrayList<>();
    Optional<YamlNode> tasksNode = map.get("tasks");
    if (tasksNode.isEmpty()) {
      diagnostics.error(map.position(), "a play needs 'tasks'");
    } else if (tasksNode.get() instanceof YamlList list) {
      for (YamlNode item : list.items()) {
        task(item, diagnostics).ifPresent(tasks::add);
      }
    } else if (!(tasksNode.get() instanceof YamlScalar s && s.type() == YamlScalar.Type.NULL)) {
      diagnostics.error(tasksNode.get().position(), "'tasks' is a list of tasks, not " + tasksNode.get().describe());
    }
    // Any error leaves the whole playbook unparsed, so a play is not built once there is one.
    if (diagnostics.hasErrors()) {
      return Optional.empty();
    }
    String name = map.text("name").orElse(hosts);
    return Optional.of(new Play(name, map.position(), hosts, serial, vars, tasks, anyErrorsFatal, maxFail, strategy));
  }

  private Optional<Task> task(YamlNode node, Diagnostics diagnostics) {
    if (!(node instanceof YamlMap map)) {
      diagnostics.error(node.position(), "a task is a mapping with a module, not " + node.describe());
      return Optional.empty();
    }
    List<YamlMap.Entry> moduleEntries = new ArrayList<>();
    boolean ok = true;
    for (YamlMap.Entry entry : map.entries()) {
      if (TASK_KEYS.contains(entry.key())) {
        continue;
      }
      Optional<Module> module = modules.find(entry.key());
      if (module.isPresent()) {
        moduleEntries.add(entry);
      } else if (modules.looksLikeModule(entry.key()) && !TASK_KEYS_LEFT_OUT.containsKey(entry.key())) {
        diagnostics.error(entry.keyPosition(), "'" + entry.key() + "' is not supported"
            + modules.advice(entry.key()).map(a -> "; " + a).orElse(""));
        ok = false;
      } else {
        Set<String> known = new java.util.HashSet<>(TASK_KEYS);
        known.addAll(modules.names());
        unknownKey(entry, known, TASK_KEYS_LEFT_OUT, "task", diagnostics);
        ok = false;
      }
    }
    if (moduleEntries.size() > 1) {
      diagnostics.error(moduleEntries.get(1).keyPosition(), "a task runs one module, but this one names '"
          + moduleEntries.get(0).key() + "' and '" + moduleEntries.get(1).key() + "'", "split it into two tasks");
      return Optional.empty();
    }
    if (moduleEntries.isEmpty()) {
      if (ok) {
        diagnostics.error(map.position(), "this task names no module", "add one, e.g. 'command: ...'");
      }
      return Optional.empty();
    }
    YamlMap.Entry moduleEntry = moduleEntries.get(0);
    Module module = modules.get(moduleEntry.key());
    Map<String, Object> arguments = arguments(module, moduleEntry, map.map("args"), diagnostics);
    Optional<String> loopVar = Optional.empty();
    Optional<String> indexVar = Optional.empty();
    Optional<YamlMap> loopControl = map.map("loop_control");
    if (loopControl.isPresent()) {
      for (YamlMap.Entry entry : loopControl.get().entries()) {
        if (!Set.of("loop_var", "index_var", "label").contains(entry.key())) {
          diagnostics.error(entry.keyPosition(), "loop_control '" + entry.key() + "' is not supported",
              "only 'loop_var', 'index_var' and 'label' are");
        }
      }
      loopVar = loopControl.get().text("loop_var");
      indexVar = loopControl.get().text("index_var");
    }
    Optional<String> register = map.text("register");
    register.ifPresent(name -> {
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        diagnostics.error(map.get("register").orElseThrow().position(), "'" + name + "' is not a variable name");
      }
    });
    List<String> tags = Values.list(map.get("tags").map(YamlValues::plain).orElse(null)).stream()
        .map(String::valueOf).toList();
    // Built in the order the keys are checked, so that their diagnostics come in the same order.
    return Optional.of(Task.builder(map.text("name").orElse(""), module.name())
        .position(map.position())
        .arguments(arguments)
        .when(Values.list(map.get("when").map(YamlValues::plain).orElse(null)))
        .register(register)
        .changedWhen(Values.list(map.get("changed_when").map(YamlValues::plain).orElse(null)))
        .failedWhen(Values.list(map.get("failed_when").map(YamlValues::plain).orElse(null)))
        .until(Values.list(map.get("until").map(YamlValues::plain).orElse(null)))
        .retries(map.get("retries").map(YamlValues::plain))
        .delay(map.get("delay").map(YamlValues::plain))
        .loop(map.get("loop").map(YamlValues::plain))
        .loopVar(loopVar)
        .ignoreErrors(flag(map, "ignore_errors", diagnostics))
        .tags(tags)
        .noLog(flag(map, "no_log", diagnostics))
        .runOnce(flag(map, "run_once", diagnostics))
        .delegateTo(map.text("delegate_to"))
        .timeout(map.get("timeout").map(YamlValues::plain))
        .vars(mapping(map, "vars", diagnostics))
        .indexVar(indexVar)
        .build());
  }

  private Map<String, Object> arguments(Module module, YamlMap.Entry entry, Optional<YamlMap> extra,
      Diagnostics diagnostics) {
    Map<String, Object> arguments = new LinkedHashMap<>();
    YamlNode value = entry.value();
    List<YamlMap.Entry> written = new ArrayList<>();
    if (value instanceof YamlMap map) {
      written.addAll(map.entries());
    } else if (value instanceof YamlScalar scalar && scalar.type() == YamlScalar.Type.NULL) {
      // A module with no arguments, such as 'debug:'.
    } else if (value instanceof YamlScalar scalar && module.acceptsFreeForm()) {
      arguments.put(ModuleCall.FREE_FORM, scalar.text());
    } else {
      diagnostics.error(value.position(), "'" + entry.key() + "' takes a mapping of arguments, not " + value.describe(),
          module.acceptsFreeForm() ? null : "write e.g. '" + entry.key() + ": { " + String.join(": ..., ",
              module.arguments().stream().limit(2).toList()) + ": ... }'");
      return arguments;
    }
    extra.ifPresent(args -> written.addAll(args.entries()));
    boolean anyKey = module.arguments().contains("*");
    for (YamlMap.Entry argument : written) {
      if (!anyKey && !module.arguments().contains(argument.key())) {
        Optional<String> nearest = Suggestions.nearest(argument.key(), module.arguments());
        diagnostics.error(argument.keyPosition(), "'" + module.name() + "' has no argument '" + argument.key() + "'",
            nearest.map(n -> "did you mean '" + n + "'?").orElse("it takes " + String.join(", ",
                module.arguments().stream().sorted().toList())));
        continue;
      }
      arguments.put(argument.key(), YamlValues.plain(argument.value()));
    }
    for (String required : module.requiredArguments()) {
      if (!arguments.containsKey(required)) {
        diagnostics.error(entry.keyPosition(), "'" + module.name() + "' needs the argument '" + required + "'");
      }
    }
    return arguments;
  }

  private static void unknownKey(YamlMap.Entry entry, Set<String> known, Map<String, String> leftOut, String where,
      Diagnostics diagnostics) {
    String advice = leftOut.get(entry.key());
    if (advice != null) {
      diagnostics.error(entry.keyPosition(), "'" + entry.key() + "' is not supported in a " + where, advice);
      return;
    }
    Optional<String> nearest = Suggestions.nearest(entry.key(), known);
    diagnostics.error(entry.keyPosition(), "unknown " + where + " key '" + entry.key() + "'",
        nearest.map(n -> "did you mean '" + n + "'?").orElse(null));
  }

  private static List<Object> serial(YamlNode value, Diagnostics diagnostics) {
    List<YamlNode> items = value instanceof YamlList list ? list.items() : List.of(value);
    List<Object> sizes = new ArrayList<>();
    for (YamlNode item : items) {
      if (item instanceof YamlScalar scalar && scalar.text().strip().matches("\\d+(\\.\\d+)?%?")) {
        sizes.add(scalar.text().strip());
      } else {
        diagnostics.error(item.position(), "'serial' is a number, a percentage such as '30%', or a list of them");
      }
    }
    return sizes;
  }

  private static Map<String, Object> mapping(YamlMap map, String key, Diagnostics diagnostics) {
    Optional<YamlNode> node = map.get(key);
    if (node.isEmpty() || node.get() instanceof YamlScalar s && s.type() == YamlScalar.Type.NULL) {
      return Map.of();
    }
    if (node.get() instanceof YamlMap values) {
      @SuppressWarnings("unchecked")
      Map<String, Object> plain = (Map<String, Object>) YamlValues.plain(values);
      return plain;
    }
    diagnostics.error(node.get().position(), "'" + key + "' is a mapping of names to values, not " + node.get().describe());
    return Map.of();
  }

  private static boolean flag(YamlMap map, String key, Diagnostics diagnostics) {
    Optional<YamlNode> node = map.get(key);
    if (node.isEmpty()) {
      return false;
    }
    if (node.get() instanceof YamlScalar scalar && scalar.type() == YamlScalar.Type.BOOLEAN) {
      return Boolean.TRUE.equals(YamlValues.scalar(scalar));
    }
    if (node.get() instanceof YamlScalar scalar && scalar.type() == YamlScalar.Type.STRING && scalar.text().contains("{{")) {
      diagnostics.error(scalar.position(), "'" + key + "' must be true or false here, not a template");
      return false;
    }
    diagnostics.error(node.get().position(), "'" + key + "' is true or false, not " + node.get().describe());
    return false;
  }

  private static Optional<Double> number(YamlScalar scalar, String key, Diagnostics diagnostics) {
    try {
      return Optional.of(Double.parseDouble(scalar.text().replace("%", "")));
    } catch (NumberFormatException e) {
      diagnostics.error(scalar.position(), "'" + key + "' is a number, not '" + scalar.text() + "'");
      return Optional.empty();
    }
  }
}
