package dev.orchestrate.core.undo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The fields of one undo record as a journal line holds them, read leniently: a missing text is empty. */
final class JsonFields {
  private final Map<?, ?> json;

  JsonFields(Map<?, ?> json) {
    this.json = json;
  }

  String text(String key) {
    Object value = json.get(key);
    return value == null ? "" : String.valueOf(value);
  }

  /** A text the record cannot do without. */
  String required(String key) {
    String value = text(key);
    if (value.isEmpty()) {
      throw new IllegalArgumentException("an undo record of kind '" + text("kind") + "' needs '" + key + "': " + json);
    }
    return value;
  }

  boolean flag(String key) {
    Object value = json.get(key);
    return value instanceof Boolean bool ? bool : Boolean.parseBoolean(text(key));
  }

  List<String> texts(String key) {
    List<String> texts = new ArrayList<>();
    if (json.get(key) instanceof List<?> list) {
      list.forEach(item -> texts.add(String.valueOf(item)));
    }
    return texts;
  }

  Optional<Ownership> ownership() {
    return text("owner").isEmpty() ? Optional.empty()
        : Optional.of(new Ownership(text("owner"), text("group"), text("mode")));
  }
}
