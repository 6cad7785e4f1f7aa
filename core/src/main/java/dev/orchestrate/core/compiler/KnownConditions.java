package dev.orchestrate.core.compiler;

import dev.orchestrate.core.graph.StaticConditions;
import dev.orchestrate.core.playbook.Inventory;
import dev.orchestrate.core.playbook.Task;
import dev.orchestrate.core.template.TemplateException;
import dev.orchestrate.core.template.Templar;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides before the run the {@code when} conditions that read only what no task can change —
 * the topology, the facts read before the run, the groups, the node's name — so that a plan
 * leaves out what will certainly be skipped. A condition that names anything else (a registered
 * result, a {@code set_fact}, a play variable) is left to the run, as Ansible decides it.
 */
public final class KnownConditions implements StaticConditions {
  private static final Set<String> FIXED = Set.of("node", "nodes", "cluster", "confluence", "database", "synchrony",
      "loadBalancer", "facts", "peers", "groups", "inventory_hostname", "inventory_hostname_short", "ansible_host");
  private static final Set<String> WORDS = Set.of("and", "or", "not", "in", "is", "if", "else", "true", "false",
      "none", "True", "False", "None");
  private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");
  /** A name, with what comes before it: '.' for an attribute, '|' for a filter, 'is' / 'is not' for a test. */
  private static final Pattern NAME = Pattern.compile("(\\.|\\|\\s*|\\bis\\s+(?:not\\s+)?)?\\b([A-Za-z_][A-Za-z0-9_]*)\\b");

  private final Inventory inventory;
  private final Templar templar;

  private KnownConditions(Inventory inventory, Templar templar) {
    this.inventory = inventory;
    this.templar = templar;
  }

  public static KnownConditions of(Inventory inventory, Templar templar) {
    return new KnownConditions(inventory, templar);
  }

  @Override
  public boolean mayRun(Task task, String node) {
    if (!task.vars().isEmpty() || task.loop().isPresent()) {
      return true;
    }
    for (Object condition : task.when()) {
      if (!isFixed(condition)) {
        continue;
      }
      try {
        if (!templar.test(condition, variables(node))) {
          return false;
        }
      } catch (TemplateException | IllegalArgumentException e) {
        return true;
      }
    }
    return true;
  }

  static boolean isFixed(Object condition) {
    if (condition instanceof Boolean) {
      return true;
    }
    if (!(condition instanceof String text) || text.contains("{{") || text.contains("{%")) {
      return false;
    }
    Matcher names = NAME.matcher(QUOTED.matcher(text).replaceAll("''"));
    while (names.find()) {
      String name = names.group(2);
      boolean qualified = names.group(1) != null;
      if (!qualified && !WORDS.contains(name) && !FIXED.contains(name) && !name.matches("\\d.*")) {
        return false;
      }
    }
    return true;
  }

  private Map<String, Object> variables(String node) {
    Map<String, Object> variables = new LinkedHashMap<>(inventory.hostVars().getOrDefault(node, Map.of()));
    Map<String, Object> groups = new LinkedHashMap<>();
    groups.put("all", inventory.nodes());
    groups.putAll(inventory.groups());
    variables.put("groups", groups);
    variables.put("inventory_hostname", node);
    variables.put("inventory_hostname_short", node);
    return variables;
  }
}
