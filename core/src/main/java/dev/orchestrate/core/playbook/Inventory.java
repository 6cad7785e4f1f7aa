package dev.orchestrate.core.playbook;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hosts a playbook can name: every node in start order, the groups ({@code confluence},
 * {@code synchrony}, {@code first}, {@code others}, and any the compiler adds), and each node's
 * variables.
 */
public record Inventory(List<String> nodes, Map<String, List<String>> groups, Map<String, Map<String, Object>> hostVars) {
  public Inventory {
    nodes = List.copyOf(nodes);
    Map<String, List<String>> copied = new LinkedHashMap<>();
    groups.forEach((name, members) -> copied.put(name, List.copyOf(members)));
    groups = Collections.unmodifiableMap(copied);
    Map<String, Map<String, Object>> vars = new LinkedHashMap<>();
    hostVars.forEach((name, values) -> vars.put(name, Collections.unmodifiableMap(new LinkedHashMap<>(values))));
    hostVars = Collections.unmodifiableMap(vars);
    for (String group : groups.keySet()) {
      if (nodes.contains(group)) {
        throw new IllegalArgumentException("'" + group + "' is both a node and a group");
      }
    }
  }

  /**
   * The nodes {@code pattern} selects, in the order the pattern names them (a group's in the
   * group's order, which is the order a play and its serial batches take), as Ansible reads it:
   * {@code all} or
   * {@code *}, a group, a node, and combinations with {@code :} or {@code ,} (union), {@code :!x}
   * (minus) and {@code :&x} (intersection).
   *
   * @throws IllegalArgumentException naming a word that is neither a node nor a group
   */
  public List<String> select(String pattern) {
    requireNonNull(pattern, "pattern");
    Set<String> chosen = new LinkedHashSet<>();
    List<String> excluded = new ArrayList<>();
    List<List<String>> intersections = new ArrayList<>();
    for (String raw : pattern.split("[:,]")) {
      String word = raw.strip();
      if (word.isEmpty()) {
        continue;
      }
      if (word.startsWith("!")) {
        excluded.addAll(members(word.substring(1)));
      } else if (word.startsWith("&")) {
        intersections.add(members(word.substring(1)));
      } else {
        chosen.addAll(members(word));
      }
    }
    List<String> result = new ArrayList<>();
    for (String node : chosen) {
      if (!excluded.contains(node) && intersections.stream().allMatch(i -> i.contains(node))) {
        result.add(node);
      }
    }
    return List.copyOf(result);
  }

  private List<String> members(String word) {
    if (word.equals("all") || word.equals("*")) {
      return nodes;
    }
    if (groups.containsKey(word)) {
      return groups.get(word);
    }
    if (nodes.contains(word)) {
      return List.of(word);
    }
    throw new IllegalArgumentException("'" + word + "' is neither a node nor a group; nodes: "
        + String.join(", ", nodes) + "; groups: all, " + String.join(", ", groups.keySet()));
  }
}
