package dev.orchestrate.sandbox.confluence;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Just enough JSON for the simulator's small API: objects of strings, and reading the string
 * fields of a flat object. The simulated nodes run with the JDK alone, as their jar is all a
 * simulated host gets.
 */
final class Json {
  private Json() {}

  static String object(Map<String, ?> fields) {
    return fields.entrySet().stream()
        .map(e -> quote(e.getKey()) + ":" + value(e.getValue()))
        .collect(Collectors.joining(",", "{", "}"));
  }

  private static String value(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(Json::value).collect(Collectors.joining(",", "[", "]"));
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> fields = new LinkedHashMap<>();
      map.forEach((k, v) -> fields.put(String.valueOf(k), v));
      return object(fields);
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return quote(String.valueOf(value));
  }

  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** The string fields of a flat JSON object; other values are skipped. */
  static Map<String, String> strings(String json) {
    Map<String, String> fields = new LinkedHashMap<>();
    int i = json.indexOf('{');
    while (i >= 0 && i < json.length()) {
      int keyStart = json.indexOf('"', i + 1);
      if (keyStart < 0) {
        break;
      }
      int[] end = new int[1];
      String key = readString(json, keyStart, end);
      int colon = json.indexOf(':', end[0]);
      int valueStart = colon + 1;
      while (valueStart < json.length() && Character.isWhitespace(json.charAt(valueStart))) {
        valueStart++;
      }
      if (colon < 0 || valueStart >= json.length()) {
        break;
      }
      if (json.charAt(valueStart) == '"') {
        fields.put(key, readString(json, valueStart, end));
        i = end[0];
      } else {
        int next = json.indexOf(',', valueStart);
        i = next < 0 ? json.length() : next;
      }
    }
    return fields;
  }

  private static String readString(String json, int quote, int[] end) {
    StringBuilder out = new StringBuilder();
    int i = quote + 1;
    while (i < json.length() && json.charAt(i) != '"') {
      char c = json.charAt(i);
      if (c == '\\' && i + 1 < json.length()) {
        char escaped = json.charAt(++i);
        switch (escaped) {
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            out.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
            i += 4;
          }
          default -> out.append(escaped);
        }
      } else {
        out.append(c);
      }
      i++;
    }
    end[0] = i + 1;
    return out.toString();
  }
}
