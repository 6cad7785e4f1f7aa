package dev.orchestrate.core.shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints a {@link Shape} as a Markdown reference: one section per mapping, in the order the
 * schema declares its keys, each key with whether it is required, its default, the values it
 * takes and the schema's own description; then the rules between keys the schema holds (one of,
 * together, forbidden keys, keys another key's value requires). It is generated, never written
 * by hand, so the reference and the checks cannot disagree: a test compares the committed page
 * with this output.
 */
public final class MarkdownReference {
  private final StringBuilder out = new StringBuilder();
  private final List<Section> pending = new ArrayList<>();

  /** A mapping still to describe, with the path that leads to it. */
  private record Section(String path, ObjectShape shape, String description) {}

  private MarkdownReference() {}

  /** The whole page: {@code title}, the {@code introduction} paragraphs, then every mapping under {@code root}. */
  public static String write(ObjectShape root, String title, List<String> introduction) {
    MarkdownReference reference = new MarkdownReference();
    reference.out.append("# ").append(title).append("\n\n");
    introduction.forEach(paragraph -> reference.out.append(paragraph).append("\n\n"));
    reference.pending.add(new Section("", root, ""));
    while (!reference.pending.isEmpty()) {
      reference.section(reference.pending.remove(0));
    }
    return reference.out.toString().stripTrailing() + "\n";
  }

  private void section(Section section) {
    String heading = section.path().isEmpty() ? "The top level" : "`" + section.path() + "`";
    out.append("## ").append(heading).append("\n\n");
    if (!section.description().isEmpty()) {
      out.append(section.description()).append("\n\n");
    }
    out.append("| key | required | default | value | what it is |\n|---|---|---|---|---|\n");
    List<Section> children = new ArrayList<>();
    for (Field field : section.shape().fields()) {
      String path = section.path().isEmpty() ? field.name() : section.path() + "." + field.name();
      out.append("| `").append(field.name()).append("` | ").append(field.required() ? "yes" : "")
          .append(" | ").append(field.defaultValue().map(v -> "`" + v + "`").orElse(""))
          .append(" | ").append(cell(value(field.shape(), path, children)))
          .append(" | ").append(cell(field.description())).append(" |\n");
    }
    out.append('\n');
    rules(section.shape());
    // Children come right after their parent, before the parent's later siblings' children.
    pending.addAll(0, children);
  }

  private String value(Shape shape, String path, List<Section> children) {
    if (shape instanceof ObjectShape object) {
      children.add(new Section(path, object, ""));
      return "a mapping: [" + path + "](#" + anchor(path) + ")";
    }
    if (shape instanceof ListShape list) {
      String items = value(list.items(), path + "[]", children);
      return "a list" + (list.minItems() > 0 ? " of at least " + list.minItems() : "") + ", each " + items;
    }
    ScalarShape scalar = (ScalarShape) shape;
    if (!scalar.allowed().isEmpty()) {
      return "one of " + scalar.allowed().stream().map(w -> "`" + w + "`").collect(Collectors.joining(", "));
    }
    if (scalar.kind() == ScalarShape.Kind.INTEGER && scalar.minimum().isPresent() && scalar.maximum().isPresent()) {
      return scalar.minimum().getAsLong() == scalar.maximum().getAsLong() ? "`" + scalar.minimum().getAsLong() + "`"
          : "a whole number from " + scalar.minimum().getAsLong() + " to " + scalar.maximum().getAsLong();
    }
    return scalar.expected();
  }

  private void rules(ObjectShape shape) {
    List<String> rules = new ArrayList<>();
    shape.exactlyOneOf().forEach(names -> rules.add("exactly one of " + keys(names)));
    shape.together().forEach(names -> rules.add(keys(names) + " go together: all or none"));
    // The schema keeps forbidden keys in no particular order; the page lists them by name.
    for (Map.Entry<String, Problem> forbidden : new java.util.TreeMap<>(shape.forbidden()).entrySet()) {
      rules.add("`" + forbidden.getKey() + "` " + forbidden.getValue().message()
          + forbidden.getValue().hint().map(h -> ": " + h).orElse(""));
    }
    for (ObjectShape.Requirement requirement : shape.requirements()) {
      rules.add("`" + String.join(".", requirement.require()) + "` is required when `" + String.join(".",
          requirement.when()) + "` is `" + requirement.equals() + "`" + (requirement.matchesWhenAbsent()
          ? " (its default)" : "") + ": " + requirement.reason());
    }
    if (!rules.isEmpty()) {
      rules.forEach(rule -> out.append("- ").append(rule).append('\n'));
      out.append('\n');
    }
  }

  private static String keys(List<String> names) {
    return names.stream().map(n -> "`" + n + "`").collect(Collectors.joining(", "));
  }

  /** GitHub's anchor for a heading that is only {@code `path`}: lower case, dots and brackets dropped. */
  static String anchor(String path) {
    return path.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_ -]", "").replace(' ', '-');
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
