package dev.orchestrate.core.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;
import java.util.StringJoiner;

/**
 * JSON as Ansible's {@code to_json} writes it (Python's {@code json.dumps}: {@code ", "} and
 * {@code ": "} between items, non-ASCII escaped), and {@code from_json}'s reading.
 */
final class PythonJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PythonJson() {}

  static String write(Object value) {
    Strictness.refuseUndefined(value);
    if (value == null) {
      return "null";
    }
    if (value instanceof Boolean bool) {
      return bool.toString();
    }
    if (value instanceof Number number) {
      Number plain = NativeValues.number(number);
      if (plain instanceof Double real && !Double.isFinite(real)) {
        return real.isNaN() ? "NaN" : real > 0 ? "Infinity" : "-Infinity";
      }
      return PythonText.repr(plain);
    }
    if (value instanceof Map<?, ?> map) {
      StringJoiner members = new StringJoiner(", ", "{", "}");
      map.forEach((key, item) -> members.add(string(String.valueOf(key)) + ": " + write(item)));
      return members.toString();
    }
    if (value instanceof Collection<?> collection) {
      StringJoiner items = new StringJoiner(", ", "[", "]");
      collection.forEach(item -> items.add(write(item)));
      return items.toString();
    }
    if (value.getClass().isArray()) {
      StringJoiner items = new StringJoiner(", ", "[", "]");
      for (int i = 0; i < Array.getLength(value); i++) {
        items.add(write(Array.get(value, i)));
      }
      return items.toString();
    }
    return string(value.toString());
  }

  static Object read(String text) {
    try {
      return MAPPER.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      throw new TemplateFault("from_json: the text is not JSON: " + e.getOriginalMessage());
    }
  }

  private static String string(String text) {
    StringBuilder json = new StringBuilder(text.length() + 2).append('"');
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        case '\b' -> json.append("\\b");
        case '\f' -> json.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7f) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append('"').toString();
  }
}
