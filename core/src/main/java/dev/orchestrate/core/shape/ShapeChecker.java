package dev.orchestrate.core.shape;

import dev.orchestrate.core.diagnostic.Diagnostics;
import dev.orchestrate.core.diagnostic.SourcePosition;
import dev.orchestrate.core.yaml.YamlList;
import dev.orchestrate.core.yaml.YamlMap;
import dev.orchestrate.core.yaml.YamlNode;
import dev.orchestrate.core.yaml.YamlScalar;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Compares a YAML tree with a {@link Shape} and reports every difference to a {@link Diagnostics}:
 * unknown and forbidden keys, missing keys, wrong types, values outside a set, a pattern or a
 * range. It never stops at the first problem.
 *
 * <p>Problems with a value point at the value; a missing key points at the mapping that should
 * hold it (its key, or a list item's first line).
 */
public final class ShapeChecker {
  private static final int LONGEST_QUOTED_VALUE = 60;

  private final Diagnostics out;
  private final Map<String, List<String>> sectionsByKey = new LinkedHashMap<>();

  private ShapeChecker(ObjectShape root, Diagnostics out) {
    this.out = out;
    indexKeys(root, "");
  }

  /** Reports every way {@code document} differs from {@code shape}. */
  public static void check(YamlNode document, ObjectShape shape, Diagnostics out) {
    new ShapeChecker(shape, out).node(document, shape, "", SourcePosition.START);
  }

  private void indexKeys(Shape shape, String path) {
    if (shape instanceof ObjectShape object) {
      for (Field field : object.fields()) {
        sectionsByKey.computeIfAbsent(field.name(), k -> new ArrayList<>()).add(path);
        indexKeys(field.shape(), join(path, field.name()));
      }
    } else if (shape instanceof ListShape list) {
      indexKeys(list.items(), path + "[]");
    }
  }

  private void node(YamlNode value, Shape shape, String path, SourcePosition anchor) {
    if (shape instanceof ObjectShape object) {
      object(value, object, path, anchor);
    } else if (shape instanceof ListShape list) {
      list(value, list, path);
    } else {
      scalar(value, (ScalarShape) shape, path);
    }
  }

  private void object(YamlNode value, ObjectShape shape, String path, SourcePosition anchor) {
    YamlMap map;
    if (value instanceof YamlMap m) {
      map = m;
    } else if (isEmpty(value)) {
      map = new YamlMap(value.position(), List.of());
    } else {
      out.error(value.position(), name(path) + " must be a mapping of keys, not " + describe(value));
      return;
    }
    for (YamlMap.Entry entry : map.entries()) {
      Optional<Field> field = shape.field(entry.key());
      if (field.isPresent()) {
        fieldValue(entry, field.get(), join(path, entry.key()));
      } else {
        unknownKey(entry, shape, path);
      }
    }
    for (Field field : shape.fields()) {
      if (field.required() && map.entry(field.name()).isEmpty()) {
        out.error(anchor, "missing required key '" + field.name() + "' " + where(path));
      }
    }
    exactlyOne(map, shape, path, anchor);
    together(map, shape, path);
    requirements(map, shape, path, anchor);
  }

  private void fieldValue(YamlMap.Entry entry, Field field, String path) {
    YamlNode value = entry.value();
    if (isEmpty(value) && field.shape() instanceof ScalarShape) {
      String hint = field.defaultValue()
          .map(d -> "write a value, or remove the key to use the default: " + d)
          .orElse("write a value");
      out.error(entry.keyPosition(), name(path) + " has no value", hint);
    } else if (isEmpty(value) && field.shape() instanceof ListShape list && list.minItems() > 0) {
      out.error(entry.keyPosition(), name(path) + " needs at least " + list.minItems() + " item");
    } else {
      node(value, field.shape(), path, entry.keyPosition());
    }
  }

  private void unknownKey(YamlMap.Entry entry, ObjectShape shape, String path) {
    String key = entry.key();
    Problem forbidden = shape.forbidden().get(key);
    if (forbidden != null) {
      out.error(entry.keyPosition(), name(join(path, key)) + " " + forbidden.message(), forbidden.hint().orElse(null));
      return;
    }
    List<String> candidates = new ArrayList<>(shape.fields().stream().map(Field::name).toList());
    candidates.addAll(shape.forbidden().keySet());
    Optional<String> nearest = Suggestions.nearest(key, candidates);
    String hint;
    if (nearest.isPresent() && shape.forbidden().containsKey(nearest.get())) {
      hint = shape.forbidden().get(nearest.get()).hint().orElse(null);
    } else if (nearest.isPresent()) {
      hint = "did you mean '" + nearest.get() + "'?";
    } else if (sectionsByKey.containsKey(key)) {
      hint = "'" + key + "' belongs " + sectionsByKey.get(key).stream()
          .map(ShapeChecker::where).distinct().collect(Collectors.joining(" or "));
    } else {
      hint = "the keys " + where(path) + " are " + shape.fields().stream()
          .map(Field::name).collect(Collectors.joining(", "));
    }
    out.error(entry.keyPosition(), "unknown key '" + key + "' " + where(path), hint);
  }

  private void exactlyOne(YamlMap map, ObjectShape shape, String path, SourcePosition anchor) {
    for (List<String> group : shape.exactlyOneOf()) {
      List<YamlMap.Entry> written = group.stream().flatMap(k -> map.entry(k).stream()).toList();
      String choices = group.stream().map(k -> "'" + k + "'").collect(Collectors.joining(" or "));
      if (written.isEmpty()) {
        out.error(anchor, name(path) + " needs one of " + choices);
      }
      for (YamlMap.Entry extra : written.subList(Math.min(1, written.size()), written.size())) {
        out.error(extra.keyPosition(), name(path) + " takes only one of " + choices
            + ", but '" + written.get(0).key() + "' is written too", "remove one of them");
      }
    }
  }

  private void together(YamlMap map, ObjectShape shape, String path) {
    for (List<String> group : shape.together()) {
      List<String> missing = group.stream().filter(k -> map.entry(k).isEmpty()).toList();
      if (missing.isEmpty() || missing.size() == group.size()) {
        continue;
      }
      for (String key : group) {
        map.entry(key).ifPresent(e -> out.error(e.keyPosition(),
            name(join(path, key)) + " needs " + missing.stream().map(m -> "'" + m + "'")
                .collect(Collectors.joining(" and ")) + " beside it " + where(path)));
      }
    }
  }

  private void requirements(YamlMap map, ObjectShape shape, String path, SourcePosition anchor) {
    for (ObjectShape.Requirement requirement : shape.requirements()) {
      Optional<YamlNode> when = lookup(map, requirement.when());
      boolean matches = when.isEmpty() || isEmpty(when.get())
          ? requirement.matchesWhenAbsent()
          : when.get() instanceof YamlScalar s && s.text().equals(requirement.equals());
      if (matches) {
        requirePath(map, shape, path, anchor, requirement);
      }
    }
  }

  private void requirePath(YamlMap map, ObjectShape shape, String path, SourcePosition anchor,
      ObjectShape.Requirement requirement) {
    YamlMap current = map;
    ObjectShape currentShape = shape;
    SourcePosition at = anchor;
    List<String> keys = requirement.require();
    for (int i = 0; i < keys.size(); i++) {
      String key = keys.get(i);
      Optional<YamlMap.Entry> entry = current.entry(key);
      boolean last = i == keys.size() - 1;
      if (entry.isEmpty() || isEmpty(entry.get().value())) {
        boolean reportedAsRequired = !last && entry.isEmpty()
            && currentShape.field(key).map(Field::required).orElse(false);
        if (!reportedAsRequired) {
          out.error(entry.map(YamlMap.Entry::keyPosition).orElse(at),
              "missing '" + join(path, String.join(".", keys)) + "': " + requirement.reason());
        }
        return;
      }
      if (last || !(entry.get().value() instanceof YamlMap next)
          || !(currentShape.field(key).map(Field::shape).orElse(null) instanceof ObjectShape nextShape)) {
        return;
      }
      current = next;
      currentShape = nextShape;
      at = entry.get().keyPosition();
    }
  }

  private static Optional<YamlNode> lookup(YamlMap map, List<String> keys) {
    YamlNode current = map;
    for (String key : keys) {
      if (!(current instanceof YamlMap m) || m.get(key).isEmpty()) {
        return Optional.empty();
      }
      current = m.get(key).get();
    }
    return Optional.of(current);
  }

  private void list(YamlNode value, ListShape shape, String path) {
    if (!(value instanceof YamlList list)) {
      out.error(value.position(), name(path) + " must be a list, not " + describe(value),
          "write each item on its own line, starting with '- '");
      return;
    }
    if (list.items().size() < shape.minItems()) {
      out.error(list.position(), name(path) + " needs at least " + shape.minItems() + " item");
    }
    for (int i = 0; i < list.items().size(); i++) {
      YamlNode item = list.items().get(i);
      node(item, shape.items(), path + "[" + i + "]", item.position());
    }
  }

  private void scalar(YamlNode value, ScalarShape shape, String path) {
    if (!(value instanceof YamlScalar scalar) || scalar.type() == YamlScalar.Type.NULL) {
      out.error(value.position(), name(path) + " must be " + shape.expected() + ", not " + describe(value));
      return;
    }
    if (!hasKind(scalar, shape.kind())) {
      out.error(scalar.position(), name(path) + " must be " + shape.expected() + ", not " + describe(scalar),
          kindHint(scalar, shape.kind()));
      return;
    }
    String text = scalar.text();
    if (!shape.allowed().isEmpty() && !shape.allowed().contains(text)) {
      out.error(scalar.position(), name(path) + " must be " + shape.expected() + ", not " + quote(text),
          Suggestions.nearest(text, shape.allowed()).map(s -> "did you mean '" + s + "'?").orElse(null));
      return;
    }
    if (shape.pattern().isPresent() && !shape.pattern().get().matcher(text).matches()) {
      out.error(scalar.position(), name(path) + " must be " + shape.expected() + ", not " + quote(text));
      return;
    }
    if (shape.kind() == ScalarShape.Kind.INTEGER && !inRange(text, shape)) {
      out.error(scalar.position(), name(path) + " must be from " + shape.minimum().orElseThrow()
          + " to " + shape.maximum().orElseThrow() + ", not " + text);
      return;
    }
    for (ValueCheck check : shape.checks()) {
      Optional<Problem> problem = check.check(text);
      if (problem.isPresent()) {
        out.error(scalar.position(), name(path) + " " + problem.get().message(), problem.get().hint().orElse(null));
        return;
      }
    }
  }

  private static boolean hasKind(YamlScalar scalar, ScalarShape.Kind kind) {
    return switch (kind) {
      case STRING -> scalar.type() == YamlScalar.Type.STRING;
      case INTEGER -> scalar.type() == YamlScalar.Type.INTEGER;
      case BOOLEAN -> scalar.type() == YamlScalar.Type.BOOLEAN;
    };
  }

  private static String kindHint(YamlScalar scalar, ScalarShape.Kind wanted) {
    if (wanted == ScalarShape.Kind.STRING) {
      return "quote it to keep it as text: \"" + scalar.text() + "\"";
    }
    if (wanted == ScalarShape.Kind.INTEGER && scalar.text().strip().matches("[0-9]+")) {
      return "write " + scalar.text().strip() + " without quotes";
    }
    return null;
  }

  private static boolean inRange(String text, ScalarShape shape) {
    try {
      BigInteger value = new BigInteger(text.strip());
      return value.compareTo(BigInteger.valueOf(shape.minimum().orElse(Long.MIN_VALUE))) >= 0
          && value.compareTo(BigInteger.valueOf(shape.maximum().orElse(Long.MAX_VALUE))) <= 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean isEmpty(YamlNode value) {
    return value instanceof YamlScalar s && s.type() == YamlScalar.Type.NULL;
  }

  private static String describe(YamlNode value) {
    if (value instanceof YamlScalar s && s.type() != YamlScalar.Type.NULL) {
      return s.describe() + " (" + quote(s.text()) + ")";
    }
    return value.describe();
  }

  static String quote(String text) {
    String shown = text.length() > LONGEST_QUOTED_VALUE ? text.substring(0, LONGEST_QUOTED_VALUE) + "..." : text;
    return "'" + shown.replace("\n", "\\n") + "'";
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String name(String path) {
    return path.isEmpty() ? "the file" : "'" + path + "'";
  }

  private static String where(String path) {
    if (path.isEmpty()) {
      return "at the top level";
    }
    return path.endsWith("[]") ? "in each item of '" + path.substring(0, path.length() - 2) + "'" : "in '" + path + "'";
  }
}
