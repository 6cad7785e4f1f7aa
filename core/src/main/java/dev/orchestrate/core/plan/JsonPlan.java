package dev.orchestrate.core.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrate.core.graph.Phase;
import dev.orchestrate.core.graph.TaskGraph;
import dev.orchestrate.core.graph.Vertex;
import dev.orchestrate.core.playbook.Task;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The plan as JSON, the form {@code plan --format json} prints and {@code plan --out} saves;
 * docs/plan-format.md is its contract. Keys come in a fixed order, so one plan always gives the
 * same bytes. Module arguments are left out: they may name secrets, and a plan is shared freely.
 * A rollback plan adds {@code kind} and {@code rollback} ({@link JsonRollback}); an apply plan has
 * neither, so plans saved before rollback plans existed read the same.
 */
final class JsonPlan {
  /** The version of the form; a reader refuses any other. */
  static final int FORMAT = 1;

  static final ObjectMapper MAPPER = new ObjectMapper();

  private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter()
      .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));

  private JsonPlan() {}

  static String write(Plan plan) {
    try {
      return MAPPER.writer(PRINTER).writeValueAsString(tree(plan)) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("a plan could not be written as JSON", e);
    }
  }

  static ObjectNode tree(Plan plan) {
    PlanOutline outline = PlanOutline.of(plan);
    TaskGraph graph = plan.graph();
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    if (plan.isRollback()) {
      root.put("kind", "rollback");
    }
    root.put("cluster", plan.cluster());
    root.put("created", plan.created().toString());
    ObjectNode digests = root.putObject("digests");
    digests.put("topology", plan.topologyDigest());
    digests.put("facts", plan.factsDigest());
    root.put("changes", plan.hasChanges());
    strings(root.putArray("decisions"), plan.decisions());
    ObjectNode reasons = root.putObject("reasons");
    for (Map.Entry<String, List<String>> entry : outline.reasons().entrySet()) {
      strings(reasons.putArray(entry.getKey()), entry.getValue());
    }
    plan.rollback().ifPresent(basis -> root.set("rollback", JsonRollback.tree(basis)));
    ArrayNode phases = root.putArray("phases");
    for (Phase phase : graph.phases()) {
      ObjectNode written = phases.addObject();
      written.put("index", phase.index());
      written.put("name", phase.name());
      written.put("playbook", phase.playbook().name());
      strings(written.putArray("hosts"), phase.hosts());
      ArrayNode batches = written.putArray("batches");
      phase.batches().forEach(batch -> strings(batches.addArray(), batch));
      written.put("strategy", phase.play().strategy());
      written.put("why", phase.why());
    }
    Map<Vertex, Integer> position = new HashMap<>();
    graph.order().forEach(vertex -> position.put(vertex, position.size()));
    ArrayNode vertices = root.putArray("vertices");
    for (Vertex vertex : graph.order()) {
      ObjectNode written = vertices.addObject();
      written.put("id", vertex.id());
      written.put("kind", vertex.kind().name().toLowerCase(Locale.ROOT));
      written.put("phase", vertex.phase());
      written.put("batch", vertex.batch());
      if (vertex.task() >= 0) {
        written.put("task", vertex.task());
      } else {
        written.putNull("task");
      }
      if (vertex.isTask()) {
        Task task = graph.task(vertex);
        written.put("node", vertex.node());
        written.put("title", task.title());
        written.put("module", task.module());
        strings(written.putArray("when"), task.when().stream().map(String::valueOf).toList());
      } else {
        written.put("title", outline.title(vertex));
      }
      strings(written.putArray("after"), graph.graph().predecessors(vertex).stream()
          .sorted(Comparator.comparing(position::get)).map(Vertex::id).toList());
    }
    return root;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
