package dev.orchestrate.core.playbook;

import dev.orchestrate.core.yaml.YamlList;
import dev.orchestrate.core.yaml.YamlMap;
import dev.orchestrate.core.yaml.YamlNode;
import dev.orchestrate.core.yaml.YamlScalar;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Plain Java values (String, Long, Double, Boolean, null, List, Map) from located YAML. */
final class YamlValues {
  private YamlValues() {}

  static Object plain(YamlNode node) {
    if (node instanceof YamlMap map) {
      Map<String, Object> values = new LinkedHashMap<>();
      map.entries().forEach(e -> values.put(e.key(), plain(e.value())));
      return Collections.unmodifiableMap(values);
    }
    if (node instanceof YamlList list) {
      return list.items().stream().map(YamlValues::plain).toList();
    }
    return scalar((YamlScalar) node);
  }

  static Object scalar(YamlScalar scalar) {
    String text = scalar.text();
    return switch (scalar.type()) {
      case STRING -> text;
      case NULL -> null;
      case BOOLEAN -> switch (text.toLowerCase(Locale.ROOT)) {
        case "true", "yes", "on", "y" -> Boolean.TRUE;
        default -> Boolean.FALSE;
      };
      case INTEGER -> integer(text);
      case FLOAT -> Double.parseDouble(text);
    };
  }

  private static Object integer(String text) {
    try {
      return text.startsWith("0o") ? Long.parseLong(text.substring(2), 8) : Long.decode(text.replace("_", ""));
    } catch (NumberFormatException e) {
      return text;
    }
  }

  /** An unmodifiable copy that, unlike {@code Map.copyOf}, keeps order and allows null values. */
  static Map<String, Object> frozen(Map<String, Object> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
