package dev.orchestrate.playbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.orchestrate.core.compiler.Compiler;
import dev.orchestrate.core.graph.Phase;
import dev.orchestrate.core.graph.TaskGraph;
import dev.orchestrate.core.graph.TaskGraphBuilder;
import dev.orchestrate.core.graph.Vertex;
import dev.orchestrate.core.playbook.Inventory;
import dev.orchestrate.core.playbook.Playbook;
import dev.orchestrate.core.playbook.Task;
import dev.orchestrate.core.template.SecretReferences;
import dev.orchestrate.core.template.Templar;
import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.Topology;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every built-in procedure parses, and every argument of every task renders for every node on
 * topologies of each kind (tcp_ip, multicast, aws, standalone Synchrony): a typo in a variable
 * name fails here, not at 3 a.m. on a production node.
 */
class BuiltInPlaybooksTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "server-to-datacenter|datacenter|'discovery: {type: tcp_ip, interface: eth0}'",
      "server-to-datacenter|datacenter|'discovery: {type: multicast, multicast: {address: 230.0.0.1, ttl: 2}}'",
      "server-to-datacenter|datacenter|'discovery: {type: aws, aws: {region: eu-west-1, iamRole: wiki}}'",
      "server-to-datacenter|datacenter|synchrony: {mode: standalone, url: 'https://wiki.example.com/synchrony'}",
      "add-nodes|datacenter|''",
      "datacenter-to-server|server|''",
      "rolling-restart|datacenter|''",
      "start-nodes|datacenter|''",
  })
  void everyTaskRendersOnEveryNode(String name, String edition, String extra) {
    Topology topology = Hosts.topology(dir, 3, edition, extra);
    Playbook playbook = BuiltInPlaybooks.create().playbook(name);
    // start-nodes has nodes to start only in a cluster with a stopped node; the others start from a Server.
    dev.orchestrate.core.facts.Facts facts = name.equals("start-nodes")
        ? Hosts.withStopped(Hosts.clusterOf(topology, 3, topology.nodes().stream().map(n -> n.host()).toList()), "node2")
        : Hosts.serverOnFirst(topology);
    Inventory inventory = Compiler.inventory(topology, facts);
    TaskGraph graph = TaskGraphBuilder.on(inventory).add(playbook, "test").build();
    Templar templar = Templar.create(new Environment(Map.of(), dir, "tester"), playbook.directory());
    assertThat(graph.tasks()).isNotEmpty();
    for (Vertex vertex : graph.tasks()) {
      Phase phase = graph.phase(vertex);
      Task task = graph.task(vertex);
      Map<String, Object> variables = variables(inventory, vertex.node(), phase, registered(playbook));
      String where = name + " / " + phase.name() + " / " + task.title() + " on " + vertex.node();
      assertThatCode(() -> {
        for (Object condition : task.when()) {
          if (!templar.test(condition, variables)) {
            return;
          }
        }
        Object rendered = templar.render(task.arguments(), variables);
        assertThat(rendered.toString()).doesNotContain("{{");
        if (task.module().equals("template")) {
          templar.render(java.nio.file.Files.readString(playbook.directory().resolve("templates")
              .resolve(String.valueOf(task.arguments().get("src")))), variables);
        }
      }).as(where).doesNotThrowAnyException();
    }
  }

  @ParameterizedTest
  @CsvSource({"server-to-datacenter", "datacenter-to-server"})
  void theLicenseIsWrittenFromItsSecretAndNeverShown(String name) {
    Playbook playbook = BuiltInPlaybooks.create().playbook(name);
    Task license = playbook.plays().stream().flatMap(p -> p.tasks().stream())
        .filter(t -> t.title().contains("license")).findFirst().orElseThrow();
    assertThat(license.noLog()).isTrue();
    Templar templar = Templar.create(new Environment(Map.of(), dir, "tester"), dir);
    Object rendered = templar.render(license.arguments(), Map.of("node", Map.of("localHome", "/home")));
    assertThat(rendered.toString()).contains(SecretReferences.reference("license"));
  }

  /** A result for every name the playbook registers, shaped as the modules register theirs. */
  private static Map<String, Object> registered(Playbook playbook) {
    Map<String, Object> results = new LinkedHashMap<>();
    playbook.plays().forEach(play -> play.tasks().forEach(task -> task.register().ifPresent(name -> results.put(name,
        Map.of("stdout", "1", "stdout_lines", List.of("1"), "rc", 0, "changed", false, "failed", false,
            "skipped", false, "status", 200, "json", Map.of("state", "RUNNING"))))));
    return results;
  }

  private static Map<String, Object> variables(Inventory inventory, String node, Phase phase,
      Map<String, Object> registered) {
    Map<String, Object> variables = new LinkedHashMap<>(inventory.hostVars().get(node));
    variables.putAll(registered);
    Map<String, Object> hostvars = new LinkedHashMap<>();
    inventory.hostVars().forEach((name, vars) -> {
      Map<String, Object> withResults = new LinkedHashMap<>(vars);
      withResults.putAll(registered);
      hostvars.put(name, withResults);
    });
    Map<String, Object> groups = new LinkedHashMap<>(inventory.groups());
    groups.put("all", inventory.nodes());
    variables.put("groups", groups);
    variables.put("hostvars", hostvars);
    variables.put("inventory_hostname", node);
    Templar templar = Templar.create(new Environment(Map.of(), Path.of("."), "tester"), Path.of("."));
    phase.play().vars().forEach((key, value) -> variables.put(key, templar.render(value, variables)));
    return variables;
  }
}
