package dev.orchestrate.core.shape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Prints a {@link Shape} as a JSON Schema (draft-07, the newest draft that editors' YAML
 * extensions read fully), so VS Code and others complete keys and flag mistakes while typing.
 *
 * <p>Sections that hold only optional keys may be left empty ({@code loadBalancer:} with nothing
 * under it), so object shapes below the root also accept null.
 */
public final class JsonSchemaWriter {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private JsonSchemaWriter() {}

  /** The whole schema document for files of {@code root}'s shape. */
  public static ObjectNode write(ObjectShape root, String id, String description) {
    ObjectNode schema = JSON.objectNode();
    schema.put("$schema", "http://json-schema.org/draft-07/schema#");
    schema.put("$id", id);
    schema.put("title", root.title());
    schema.put("description", description);
    object(root, schema, false);
    return schema;
  }

  private static ObjectNode shape(Shape shape) {
    ObjectNode node = JSON.objectNode();
    if (shape instanceof ObjectShape object) {
      node.put("title", object.title());
      object(object, node, true);
    } else if (shape instanceof ListShape list) {
      node.put("type", "array");
      node.set("items", shape(list.items()));
      if (list.minItems() > 0) {
        node.put("minItems", list.minItems());
      }
    } else {
      scalar((ScalarShape) shape, node);
    }
    return node;
  }

  private static void object(ObjectShape shape, ObjectNode node, boolean nullable) {
    if (nullable) {
      node.set("type", JSON.arrayNode().add("object").add("null"));
    } else {
      node.put("type", "object");
    }
    ObjectNode properties = node.putObject("properties");
    ArrayNode required = JSON.arrayNode();
    for (Field field : shape.fields()) {
      ObjectNode property = shape(field.shape());
      property.put("description", field.description());
      field.defaultValue().ifPresent(d -> property.set("default", literal(d)));
      properties.set(field.name(), property);
      if (field.required()) {
        required.add(field.name());
      }
    }
    if (!required.isEmpty()) {
      node.set("required", required);
    }
    node.put("additionalProperties", false);

    ArrayNode allOf = JSON.arrayNode();
    for (List<String> group : shape.exactlyOneOf()) {
      ArrayNode oneOf = JSON.arrayNode();
      group.forEach(k -> oneOf.addObject().set("required", JSON.arrayNode().add(k)));
      allOf.addObject().set("oneOf", oneOf);
    }
    if (!shape.together().isEmpty()) {
      ObjectNode dependencies = node.putObject("dependencies");
      for (List<String> group : shape.together()) {
        for (String key : group) {
          ArrayNode others = dependencies.putArray(key);
          group.stream().filter(k -> !k.equals(key)).forEach(others::add);
        }
      }
    }
    for (ObjectShape.Requirement requirement : shape.requirements()) {
      ObjectNode rule = allOf.addObject();
      rule.set("if", condition(requirement));
      rule.set("then", requiredPath(requirement.require()));
    }
    if (!allOf.isEmpty()) {
      node.set("allOf", allOf);
    }
  }

  private static JsonNode literal(Object value) {
    if (value instanceof Integer i) {
      return JSON.numberNode(i);
    }
    if (value instanceof Boolean b) {
      return JSON.booleanNode(b);
    }
    return JSON.textNode(String.valueOf(value));
  }

  /** Nested {@code properties} leading to a {@code const}; absent keys pass, as they should when the default matches. */
  private static ObjectNode condition(ObjectShape.Requirement requirement) {
    List<String> path = requirement.when();
    ObjectNode leaf = JSON.objectNode().put("const", requirement.equals());
    for (int i = path.size() - 1; i >= 0; i--) {
      ObjectNode parent = JSON.objectNode();
      parent.putObject("properties").set(path.get(i), leaf);
      if (!requirement.matchesWhenAbsent()) {
        parent.set("required", JSON.arrayNode().add(path.get(i)));
      }
      leaf = parent;
    }
    return leaf;
  }

  private static ObjectNode requiredPath(List<String> path) {
    ObjectNode inner = JSON.objectNode();
    inner.set("required", JSON.arrayNode().add(path.get(path.size() - 1)));
    for (int i = path.size() - 2; i >= 0; i--) {
      ObjectNode parent = JSON.objectNode();
      parent.set("required", JSON.arrayNode().add(path.get(i)));
      inner.put("type", "object");
      parent.putObject("properties").set(path.get(i), inner);
      inner = parent;
    }
    ObjectNode leafValue = JSON.objectNode().set("not", JSON.objectNode().put("type", "null"));
    attachLeafNotNull(inner, path, leafValue);
    return inner;
  }

  /** A required key written with no value ("sharedHome:") does not satisfy the requirement. */
  private static void attachLeafNotNull(ObjectNode root, List<String> path, ObjectNode notNull) {
    ObjectNode current = root;
    for (int i = 0; i < path.size() - 1; i++) {
      current = (ObjectNode) current.get("properties").get(path.get(i));
    }
    current.putObject("properties").set(path.get(path.size() - 1), notNull);
  }

  private static void scalar(ScalarShape shape, ObjectNode node) {
    node.put("type", switch (shape.kind()) {
      case STRING -> "string";
      case INTEGER -> "integer";
      case BOOLEAN -> "boolean";
    });
    if (!shape.allowed().isEmpty()) {
      ArrayNode values = node.putArray("enum");
      shape.allowed().forEach(values::add);
    }
    shape.pattern().ifPresent(p -> node.put("pattern", p.pattern()));
    shape.minimum().ifPresent(m -> node.put("minimum", m));
    shape.maximum().ifPresent(m -> node.put("maximum", m));
  }
}
