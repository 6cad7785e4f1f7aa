package dev.orchestrate.core.facts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What every node of a topology is, in the topology's node order. A value: it can be saved with
 * a plan ({@link #toJson}) and compared later through its {@link #digest}.
 */
public record Facts(Map<String, NodeFacts> nodes) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> NODE = new TypeReference<>() { };

  public Facts {
    requireNonNull(nodes, "nodes");
    Map<String, NodeFacts> copy = new LinkedHashMap<>();
    nodes.forEach((name, facts) -> {
      if (!name.equals(facts.name())) {
        throw new IllegalArgumentException("the facts of node " + facts.name() + " are filed under '" + name + "'");
      }
      copy.put(name, facts);
    });
    nodes = Collections.unmodifiableMap(copy);
  }

  /** The facts of node {@code name}; fails naming the nodes there are. */
  public NodeFacts node(String name) {
    NodeFacts facts = nodes.get(name);
    if (facts == null) {
      throw new IllegalArgumentException("there are no facts of node '" + name + "'; there are of " + nodes.keySet());
    }
    return facts;
  }

  /**
   * SHA-256 (hex) of what the deployment is: every fact but free space, sizes, whether the PID
   * file's process lives, and why a node was unreachable, which all change with nobody touching
   * the deployment. Two gatherings of an untouched deployment give the same digest, so a saved
   * plan can be refused once its hosts no longer match what it was made from.
   */
  public String digest() {
    Map<String, Map<String, Object>> state = new LinkedHashMap<>();
    nodes.forEach((name, facts) -> {
      Map<String, Object> kept = new TreeMap<>(FactVariables.of(facts));
      kept.keySet().removeAll(FactVariables.VOLATILE);
      state.put(name, kept);
    });
    try {
      byte[] canonical = JSON.writeValueAsString(state).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot digest facts", e);
    }
  }

  /**
   * The facts of {@code node} for playbook templates: snake_case keys ({@code installed}, {@code
   * state}, {@code cluster_name}, {@code license_edition} as a lower-case word, {@code
   * free_bytes}, {@code service_user} and {@code service_group} for {@code owner:} of what a
   * playbook creates, {@code owners.local_home.mode}...) with String, Boolean, Long, List and Map
   * values, and null for a fact that is absent.
   */
  public Map<String, Object> templateVariables(String node) {
    return FactVariables.of(node(node));
  }

  /** The facts as a JSON object of nodes, each with the keys of {@link #templateVariables}. */
  public String toJson() {
    Map<String, Map<String, Object>> saved = new LinkedHashMap<>();
    nodes.forEach((name, facts) -> saved.put(name, FactVariables.of(facts)));
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("nodes", saved));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write facts as JSON", e);
    }
  }

  /**
   * Reads what {@link #toJson} wrote.
   *
   * @throws IllegalArgumentException when {@code json} is not saved facts, naming what is wrong
   */
  public static Facts fromJson(String json) {
    JsonNode saved;
    try {
      saved = JSON.readTree(json).path("nodes");
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("saved facts are not JSON: " + e.getOriginalMessage(), e);
    }
    if (!saved.isObject()) {
      throw new IllegalArgumentException("saved facts need a \"nodes\" object");
    }
    Map<String, NodeFacts> nodes = new LinkedHashMap<>();
    saved.properties().forEach(node -> {
      if (!node.getValue().isObject()) {
        throw new IllegalArgumentException("the saved facts of " + node.getKey() + " are not an object");
      }
      nodes.put(node.getKey(), FactVariables.read(node.getKey(), JSON.convertValue(node.getValue(), NODE)));
    });
    return new Facts(nodes);
  }
}
