package dev.orchestrate.core.facts;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads what {@link FactScript} printed. Lenient by design: a line that is not {@code key=value},
 * an unknown key, or a value that does not fit its fact is skipped, leaving that fact empty, so
 * that a host with an odd tool or file still yields every fact it could give. A key printed
 * twice counts once, as last printed.
 */
final class FactParser {
  private static final Pattern STATE = Pattern.compile("[A-Za-z_]+");
  private static final String FREE = "free_kb.";

  private FactParser() {}

  static NodeFacts parse(String node, String output) {
    Map<String, String> lines = new HashMap<>();
    output.lines().forEach(line -> {
      int equals = line.indexOf('=');
      if (equals > 0) {
        lines.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
      }
    });
    Values values = new Values(lines);
    Map<String, Long> free = new TreeMap<>();
    for (String path : List.of(NodeFacts.INSTALL_DIR, NodeFacts.LOCAL_HOME, NodeFacts.SHARED_HOME)) {
      values.bytes(FREE + path).ifPresent(bytes -> free.put(path, bytes));
    }
    return new NodeFacts(node, true, Optional.empty(), values.flag("installed"), values.text("configured_home"),
        values.flag("home_exists"), values.text("setup_step"), values.text("setup_type"),
        values.text("build_number"), values.text("state").filter(s -> STATE.matcher(s).matches()),
        values.flag("pid_alive"), values.flag("clustered"), values.text("cluster_name"), values.text("shared_home"),
        values.text("join_type"), values.list("peers"), values.text("cluster_interface"), values.edition(),
        values.text("license_digest").filter(d -> NodeFacts.SHA256.matcher(d).matches()),
        values.flag("local_shared_home"), values.flag("local_attachments"), values.flag("desired_shared_home_exists"),
        values.flag("desired_shared_home_has_config"), values.text("synchrony_url_in_setenv"),
        values.flag("synchrony_running"), free, values.bytes("install_kb"), values.bytes("home_kb"),
        values.bytes("attachments_kb"));
  }

  /** The printed values by key, each read as its fact's type. */
  private record Values(Map<String, String> lines) {
    Optional<String> text(String key) {
      return Optional.ofNullable(lines.get(key)).filter(value -> !value.isEmpty());
    }

    boolean flag(String key) {
      return text(key).filter("true"::equals).isPresent();
    }

    List<String> list(String key) {
      return text(key).stream().flatMap(value -> Arrays.stream(value.split(","))).map(String::strip)
          .filter(value -> !value.isEmpty()).toList();
    }

    /** A size printed in kilobytes, in bytes. */
    OptionalLong bytes(String key) {
      Optional<String> kilobytes = text(key).filter(value -> value.chars().allMatch(c -> c >= '0' && c <= '9'));
      try {
        return kilobytes.isPresent()
            ? OptionalLong.of(Math.multiplyExact(Long.parseLong(kilobytes.get()), 1024L)) : OptionalLong.empty();
      } catch (ArithmeticException | NumberFormatException e) {
        return OptionalLong.empty();
      }
    }

    LicenseEdition edition() {
      String word = text("license_edition").orElse("").toUpperCase(Locale.ROOT);
      return Arrays.stream(LicenseEdition.values()).filter(e -> e.name().equals(word)).findFirst()
          .orElse(LicenseEdition.UNKNOWN);
    }
  }
}
