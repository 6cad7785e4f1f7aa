package dev.orchestrate.core.compiler;

import dev.orchestrate.core.graph.StaticConditions;
import dev.orchestrate.core.playbook.Inventory;
import dev.orchestrate.core.playbook.Task;
import dev.orchestrate.core.template.TemplateException;
import dev.orchestrate.core.template.Templar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
  /** Names whose value is the same on every node: a condition naming only these is decided once. */
  private static final Set<String> SHARED = Set.of("nodes", "cluster", "confluence", "database", "synchrony",
      "loadBalancer", "groups");
  private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");
  /** {@code inventory_hostname in groups['new_nodes']}, the most common condition, decided without a template. */
  private static final Pattern MEMBERSHIP = Pattern.compile(
      "\\s*inventory_hostname\\s+(not\\s+)?in\\s+groups\\[\\s*'([A-Za-z0-9_-]+)'\\s*\\]\\s*");
  private static final Pattern AND = Pattern.compile("\\s+and\\s+");
  /** A name, with what comes before it: '.' for an attribute, '|' for a filter, 'is' / 'is not' for a test. */
  private static final Pattern NAME = Pattern.compile("(\\.|\\|\\s*|\\bis\\s+(?:not\\s+)?)?\\b([A-Za-z_][A-Za-z0-9_]*)\\b");

  private final Inventory inventory;
  private final Templar templar;
  /** Results of the conditions that name only {@link #SHARED} values; a plan of 1,000 nodes asks each 1,000 times. */
  private final Map<String, Boolean> shared = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> members = new ConcurrentHashMap<>();

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
      try {
        if (isFixed(condition) ? !holds(condition, node) : leadingPartFails(condition, node)) {
          return false;
        }
      } catch (TemplateException | IllegalArgumentException e) {
        return true;
      }
    }
    return true;
  }

  /**
   * Whether a condition that also names what the run decides is false already by its first
   * parts: of {@code a and b and c}, Jinja reads the parts left to right and stops at the first
   * false one, so a fixed part that is false before any part that is not decides the whole, and
   * the later parts are never read (nor could fail). {@code inventory_hostname in groups['new_nodes']
   * and source.facts.service_user is not none} is thus left out on the first node.
   */
  private boolean leadingPartFails(Object condition, String node) {
    if (!(condition instanceof String text) || !isAndChain(text)) {
      return false;
    }
    for (String part : AND.split(text.strip())) {
      if (!isFixed(part)) {
        return false;
      }
      if (!holdsPart(part, node)) {
        return true;
      }
    }
    return false;
  }

  /** Parts joined by {@code and} alone: no {@code or}, {@code if}, parentheses, nor an {@code and} inside quotes. */
  private static boolean isAndChain(String text) {
    return !text.contains("(") && !text.contains(" or ") && !text.contains(" if ") && !text.contains("{{")
        && !text.contains("{%") && !AND.matcher(quotedOnly(text)).find();
  }

  /**
   * The condition's value on {@code node}, as the templar gives it. A condition of parts joined by
   * {@code and} (no {@code or}, {@code if} or parentheses) is decided part by part, left to right, stopping
   * at the first false one as Jinja does; a part is a group membership looked up directly, a
   * result kept from another node when the part names only shared values, or else rendered.
   */
  private boolean holds(Object condition, String node) {
    if (!(condition instanceof String text) || !isAndChain(text)) {
      return templar.test(condition, variables(node));
    }
    for (String part : AND.split(text.strip())) {
      if (!holdsPart(part, node)) {
        return false;
      }
    }
    return true;
  }

  private boolean holdsPart(String part, String node) {
    Matcher membership = MEMBERSHIP.matcher(part);
    if (membership.matches()) {
      Set<String> group = members(membership.group(2));
      if (group != null) {
        return group.contains(node) != (membership.group(1) != null);
      }
    } else if (namesOnly(part, SHARED)) {
      Boolean known = shared.get(part);
      if (known == null) {
        known = templar.test(part, variables(node));
        shared.put(part, known);
      }
      return known;
    }
    return templar.test(part, variables(node));
  }

  private Set<String> members(String group) {
    List<String> names = group.equals("all") ? inventory.nodes() : inventory.groups().get(group);
    return names == null ? null : members.computeIfAbsent(group, g -> Set.copyOf(names));
  }

  /** The text inside the condition's quotes, where an {@code and} is not an operator. */
  private static String quotedOnly(String text) {
    StringBuilder quoted = new StringBuilder();
    Matcher m = QUOTED.matcher(text);
    while (m.find()) {
      quoted.append(' ').append(m.group()).append(' ');
    }
    return quoted.toString();
  }

  /** Whether every unqualified name of {@code text} is a Jinja word or one of {@code names}. */
  private static boolean namesOnly(String text, Set<String> names) {
    Matcher found = NAME.matcher(QUOTED.matcher(text).replaceAll("''"));
    while (found.find()) {
      String name = found.group(2);
      if (found.group(1) == null && !WORDS.contains(name) && !names.contains(name) && !name.matches("\\d.*")) {
        return false;
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
