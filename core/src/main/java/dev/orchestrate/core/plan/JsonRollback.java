package dev.orchestrate.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrate.core.diagnostic.Diagnostics;
import dev.orchestrate.core.diagnostic.SourcePosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code rollback} object of a rollback plan's JSON (docs/plan-format.md), written by {@link
 * JsonPlan} and read back by {@link SavedPlan}: the runs it undoes, and under {@code made_from}
 * what it was made from. Keys come in a fixed order, so one basis always gives the same bytes and
 * the same {@link RollbackBasis#digest}.
 */
final class JsonRollback {
  private static final String HINT = "make the rollback plan again with `orchestrate plan FILE --rollback --out PLAN`";

  private JsonRollback() {}

  static ObjectNode tree(RollbackBasis basis) {
    ObjectNode root = JsonPlan.MAPPER.createObjectNode();
    strings(root.putArray("undoes"), basis.undoes());
    optional(root, "keeps", basis.keeps());
    optional(root, "resumes", basis.resumes());
    ObjectNode from = root.putObject("made_from");
    strings(from.putArray("chain"), basis.chain());
    ObjectNode journals = from.putObject("journals");
    basis.journals().forEach(journals::put);
    ObjectNode nodes = from.putObject("nodes");
    basis.nodes().forEach(nodes::put);
    ArrayNode backups = from.putArray("backups");
    for (RollbackBasis.Backup backup : basis.backups()) {
      ObjectNode written = backups.addObject();
      written.put("run", backup.run());
      written.put("node", backup.node());
      written.put("kind", backup.kind());
      written.put("path", backup.path());
      written.put(backup.isArchive() ? "manifest" : "restores", backup.companion());
      written.put("present", backup.present());
      if (backup.present()) {
        written.put("bytes", backup.bytes());
        written.put("sha256", backup.sha256());
      }
      if (backup.isArchive()) {
        written.put("checksums", backup.checksums());
        written.put("manifest_sha256", backup.companionSha256());
      }
    }
    return root;
  }

  /** The basis under {@code node}; each problem is reported to {@code diagnostics}, and the basis read as far as it goes. */
  static RollbackBasis read(JsonNode node, Diagnostics diagnostics) {
    if (node == null || !node.isObject()) {
      error(diagnostics, "/rollback is missing or not an object, in a plan of kind rollback");
      return new RollbackBasis(List.of(), Optional.empty(), Optional.empty(), List.of(), Map.of(), Map.of(), List.of());
    }
    List<String> undoes = strings(node.path("undoes"), "/rollback/undoes", diagnostics);
    JsonNode from = node.path("made_from");
    List<String> chain = strings(from.path("chain"), "/rollback/made_from/chain", diagnostics);
    Map<String, String> journals = texts(from.path("journals"), "/rollback/made_from/journals", diagnostics);
    Map<String, String> nodes = texts(from.path("nodes"), "/rollback/made_from/nodes", diagnostics);
    List<RollbackBasis.Backup> backups = new ArrayList<>();
    JsonNode list = from.path("backups");
    if (!list.isArray()) {
      error(diagnostics, "/rollback/made_from/backups is missing or not a list");
    } else {
      for (int i = 0; i < list.size(); i++) {
        backup(list.get(i), "/rollback/made_from/backups/" + i, diagnostics).ifPresent(backups::add);
      }
    }
    return new RollbackBasis(undoes, optional(node, "keeps"), optional(node, "resumes"), chain, journals, nodes,
        backups);
  }

  private static Optional<RollbackBasis.Backup> backup(JsonNode node, String at, Diagnostics diagnostics) {
    String kind = node.path("kind").asText("");
    boolean archive = kind.equals(RollbackBasis.Backup.ARCHIVE);
    if (!archive && !kind.equals(RollbackBasis.Backup.COPY)) {
      error(diagnostics, at + "/kind is '" + kind + "', not archive or copy");
      return Optional.empty();
    }
    boolean present = node.path("present").asBoolean(false);
    try {
      return Optional.of(new RollbackBasis.Backup(node.path("run").asText(""), node.path("node").asText(""), kind,
          node.path("path").asText(""), node.path(archive ? "manifest" : "restores").asText(""),
          present ? node.path("bytes").asLong(-1) : -1, present ? node.path("sha256").asText("") : "",
          archive ? node.path("checksums").asLong(-1) : 0, archive ? node.path("manifest_sha256").asText("") : ""));
    } catch (IllegalArgumentException | NullPointerException e) {
      error(diagnostics, at + " is not a backup: " + e.getMessage());
      return Optional.empty();
    }
  }

  private static List<String> strings(JsonNode list, String pointer, Diagnostics diagnostics) {
    List<String> values = new ArrayList<>();
    if (!list.isArray()) {
      error(diagnostics, pointer + " is missing or not a list");
    } else {
      list.forEach(value -> values.add(value.asText()));
    }
    return values;
  }

  private static Map<String, String> texts(JsonNode object, String pointer, Diagnostics diagnostics) {
    Map<String, String> values = new LinkedHashMap<>();
    if (!object.isObject()) {
      error(diagnostics, pointer + " is missing or not an object");
    } else {
      object.properties().forEach(entry -> values.put(entry.getKey(), entry.getValue().asText()));
    }
    return values;
  }

  private static Optional<String> optional(JsonNode node, String key) {
    JsonNode value = node.path(key);
    return value.isTextual() && !value.textValue().isEmpty() ? Optional.of(value.textValue()) : Optional.empty();
  }

  private static void optional(ObjectNode node, String key, Optional<String> value) {
    if (value.isPresent()) {
      node.put(key, value.get());
    } else {
      node.putNull(key);
    }
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static void error(Diagnostics diagnostics, String message) {
    diagnostics.error(SourcePosition.START, message, HINT);
  }
}
