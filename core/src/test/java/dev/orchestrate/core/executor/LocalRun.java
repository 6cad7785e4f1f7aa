package dev.orchestrate.core.executor;

import dev.orchestrate.core.graph.TaskGraph;
import dev.orchestrate.core.graph.TaskGraphBuilder;
import dev.orchestrate.core.module.StandardModules;
import dev.orchestrate.core.module.TransportModuleCall;
import dev.orchestrate.core.playbook.Inventory;
import dev.orchestrate.core.playbook.Playbook;
import dev.orchestrate.core.playbook.PlaybookParser;
import dev.orchestrate.core.template.Templar;
import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.LocalTransport;
import dev.orchestrate.core.transport.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a playbook text through the real parser, graph builder and executor, with every node on
 * this machine ({@link LocalTransport}): scripts really run, so ordering and failure rules show
 * in what they leave behind.
 */
final class LocalRun {
  static final SshSettings SSH = new SshSettings("tester", 22, Optional.empty(), Optional.empty(), Optional.empty(),
      Path.of("/dev/null"), SshSettings.Become.NONE, Duration.ofSeconds(5));

  private final Path dir;
  private final List<String> nodes;
  private final List<TaskOutcome> events = java.util.Collections.synchronizedList(new ArrayList<>());
  private java.util.function.BiFunction<Executor, TaskGraph, Executor> setup = (executor, graph) -> executor;

  LocalRun(Path dir, String... nodes) {
    this.dir = dir;
    this.nodes = List.of(nodes);
  }

  /** Sets the executor up before the walk (a recorder, a resume), knowing the graph it walks. */
  LocalRun configured(java.util.function.BiFunction<Executor, TaskGraph, Executor> chosen) {
    this.setup = chosen;
    return this;
  }

  RunSummary run(String yaml) {
    return run(yaml, new LocalTransport(), false);
  }

  RunSummary run(String yaml, Transport transport, boolean checkMode) {
    try {
      Path file = dir.resolve("site.yml");
      Files.writeString(file, yaml.replace("LOG", dir.resolve("log").toString()));
      Playbook playbook = PlaybookParser.create(StandardModules.registry()).parse(file).orThrow();
      Map<String, Map<String, Object>> vars = new LinkedHashMap<>();
      Map<String, Host> hosts = new LinkedHashMap<>();
      for (String node : nodes) {
        vars.put(node, Map.of("ansible_host", "127.0.0.1", "node", Map.of("name", node)));
        hosts.put(node, new Host(node, "127.0.0.1", SSH));
      }
      hosts.put("localhost", new Host("localhost", "127.0.0.1", SSH));
      Inventory inventory = new Inventory(nodes, Map.of("confluence", nodes, "first", nodes.subList(0, 1),
          "others", nodes.subList(1, nodes.size())), vars);
      TaskGraph graph = TaskGraphBuilder.on(inventory).add(playbook, "").build();
      Templar templar = Templar.create(new Environment(Map.of("GREETING", "hello"), dir, "tester"), dir);
      TransportModuleCall.Context context = new TransportModuleCall.Context(transport, hosts, "run1", checkMode, dir,
          name -> name.equals("license") ? Optional.of("LICENSE-SECRET") : Optional.empty());
      return setup.apply(Executor.create(graph, inventory, StandardModules.registry(), templar, context, 10,
          new RunListener() {
            @Override
            public void taskFinished(TaskOutcome outcome) {
              events.add(outcome);
            }
          }), graph).walk();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The lines the playbook's tasks appended to LOG, in the order they were written. */
  List<String> log() {
    try {
      Path log = dir.resolve("log");
      return Files.exists(log) ? Files.readAllLines(log) : List.of();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  List<TaskOutcome> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }
}
