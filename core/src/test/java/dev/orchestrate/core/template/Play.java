package dev.orchestrate.core.template;

import dev.orchestrate.core.topology.Environment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables of a small play (topology, facts, a registered result) and one templar shared by
 * the tests of this package, since creating one takes a few hundred milliseconds.
 */
final class Play {
  static final Environment ENVIRONMENT = new Environment(
      Map.of("CONFLUENCE_HOME", "/var/atlassian/confluence", "EMPTY", ""), Path.of("/home/tester"), "tester");

  static final Templar TEMPLAR = Templar.create(ENVIRONMENT, Path.of("."));

  private Play() {}

  static Map<String, Object> variables() {
    Map<String, Object> variables = new HashMap<>();
    variables.put("inventory_hostname", "node1");
    variables.put("groups",
        Map.of("confluence", List.of("node1", "node2"), "others", List.of("node2"), "nobody", List.of()));
    variables.put("hostvars", Map.of(
        "node1", Map.of("ansible_host", "10.0.0.1", "port", 8090),
        "node2", Map.of("ansible_host", "10.0.0.2", "port", 8091)));
    variables.put("result", Map.of("rc", 0, "stdout", "Confluence 8.5.4\nready", "changed", true, "failed", false,
        "stdout_lines", List.of("Confluence 8.5.4", "ready")));
    variables.put("failure", Map.of("rc", 2, "failed", true, "changed", false, "msg", "no such file"));
    variables.put("skip", Map.of("skipped", true, "changed", false));
    variables.put("nothing", null);
    variables.put("enabled", true);
    variables.put("count", 3);
    variables.put("ratio", 1.5);
    variables.put("name", "confluence");
    variables.put("numbers", List.of(3, 1, 2, 1));
    variables.put("words", List.of("beta", "Alpha", "gamma"));
    variables.put("with_none", Arrays.asList("a", null));
    variables.put("people", List.of(Map.of("name", "bob", "age", 40), Map.of("name", "alice", "age", 30)));
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("heap", "2g");
    settings.put("jvm", Map.of("gc", "G1"));
    variables.put("settings", settings);
    return variables;
  }

  static Object render(String template) {
    return TEMPLAR.render(template, variables());
  }

  static Object evaluate(String expression) {
    return TEMPLAR.evaluate(expression, variables());
  }
}
