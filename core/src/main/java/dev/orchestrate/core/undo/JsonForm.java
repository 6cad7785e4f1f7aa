package dev.orchestrate.core.undo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One undo record as the journal writes it, field by field in the order given, {@code kind}
 * first: the counterpart of {@link JsonFields}, which reads it back. A text that is empty is left
 * out, as earlier versions left it out, so their journals and this version's read the same.
 */
final class JsonForm {
  private final Map<String, Object> json = new LinkedHashMap<>();

  private JsonForm(String kind) {
    json.put("kind", kind);
  }

  static JsonForm of(String kind) {
    return new JsonForm(kind);
  }

  JsonForm put(String key, Object value) {
    json.put(key, value);
    return this;
  }

  /** {@code text} under {@code key}, unless it is empty. */
  JsonForm putText(String key, String text) {
    if (!text.isEmpty()) {
      json.put(key, text);
    }
    return this;
  }

  /** The {@code owner}, {@code group} and {@code mode} from before, when they are known. */
  JsonForm put(Optional<Ownership> ownership) {
    ownership.ifPresent(owner -> {
      json.put("owner", owner.owner());
      json.put("group", owner.group());
      json.put("mode", owner.mode());
    });
    return this;
  }

  Map<String, Object> map() {
    return json;
  }
}
