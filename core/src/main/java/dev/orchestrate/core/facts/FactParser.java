package dev.orchestrate.core.facts;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@link FactScript} printed, and refuses what it did not print. A node read as empty
 * would plan as "nothing installed, nothing running", the most dangerous reading there is, so
 * output without the script's {@code facts=begin} and {@code facts=end}, a line that is not
 * {@code key=value}, a key printed twice, a fact missing, or a value the script never prints is
 * an error naming what is wrong. An empty value is a fact the host could not give (no {@code
 * du}, no license); lines before {@code facts=begin} (a login shell's greeting) and unknown keys
 * are left alone.
 */
final class FactParser {
  private static final String BEGIN = "facts=begin";
  private static final String END = "facts=end";
  private static final Pattern LINE = Pattern.compile("([a-z_]+(?:\\.[a-z_]+)?)=(.*)");
  private static final Pattern STATE = Pattern.compile("[A-Za-z_]*");
  private static final Pattern KILOBYTES = Pattern.compile("[0-9]{1,15}");
  private static final Pattern OWNER = Pattern.compile("([^\\s:]+):([^\\s:]+) ([0-7]{3,4}) (/.*)");
  private static final String FREE = "free_kb.";
  private static final String OWNER_KEY = "owner.";
  /** What the script prints on every host, each possibly empty. */
  private static final List<String> ALWAYS = List.of("installed", "home_exists", "setup_step", "setup_type",
      "build_number", "state", "pid_alive", "clustered", "cluster_name", "shared_home", "join_type", "peers",
      "cluster_interface", "license_edition", "local_shared_home", "local_attachments", "desired_shared_home_exists",
      "desired_shared_home_has_config", "synchrony_running", FREE + NodeFacts.INSTALL_DIR, FREE + NodeFacts.LOCAL_HOME,
      "install_kb", "home_kb", "attachments_kb", "service_user", "service_user_from", "service_user_exists",
      "service_group");
  private static final int SHOWN = 100;

  private FactParser() {}

  /**
   * The facts of {@code node} from the script's standard output.
   *
   * @throws IllegalArgumentException saying what in the output is not the script's
   */
  static NodeFacts parse(String node, String output) {
    Values values = Values.read(output);
    Map<String, Long> free = new TreeMap<>();
    Map<String, PathOwner> owners = new TreeMap<>();
    for (String path : List.of(NodeFacts.INSTALL_DIR, NodeFacts.LOCAL_HOME, NodeFacts.SHARED_HOME)) {
      values.bytes(FREE + path).ifPresent(bytes -> free.put(path, bytes));
    }
    for (String path : List.of(NodeFacts.INSTALL_DIR, NodeFacts.LOCAL_HOME, NodeFacts.SHARED_HOME,
        NodeFacts.SHARED_HOME_PARENT)) {
      values.owner(OWNER_KEY + path).ifPresent(owner -> owners.put(path, owner));
    }
    return new NodeFacts(node, true, Optional.empty(), values.flag("installed"), values.text("configured_home"),
        values.flag("home_exists"), values.text("setup_step"), values.text("setup_type"),
        values.text("build_number"), values.state(), values.flag("pid_alive"), values.flag("clustered"),
        values.text("cluster_name"), values.text("shared_home"), values.text("join_type"), values.list("peers"),
        values.text("cluster_interface"), values.edition(), values.digest(), values.flag("local_shared_home"),
        values.flag("local_attachments"), values.flag("desired_shared_home_exists"),
        values.flag("desired_shared_home_has_config"), values.text("synchrony_url_in_setenv"),
        values.flag("synchrony_running"), free, values.bytes("install_kb"), values.bytes("home_kb"),
        values.bytes("attachments_kb"), values.serviceUser(), owners, values.text("last_error"));
  }

  /** The printed values by key, each read as its fact's type or refused. */
  private record Values(Map<String, String> lines) {
    static Values read(String output) {
      List<String> lines = output.lines().toList();
      int begin = lines.indexOf(BEGIN);
      if (begin < 0) {
        throw new IllegalArgumentException(output.isBlank() ? "it printed nothing"
            : "it printed no " + BEGIN + " line, so the output is not the facts script's: "
            + shown(lines.stream().filter(line -> !line.isBlank()).findFirst().orElseThrow()));
      }
      int end = lines.subList(begin, lines.size()).indexOf(END);
      if (end < 0) {
        throw new IllegalArgumentException("its output stops before " + END + ": the script was cut short");
      }
      Map<String, String> values = new HashMap<>();
      for (String line : lines.subList(begin + 1, begin + end)) {
        Matcher fact = LINE.matcher(line);
        if (!fact.matches()) {
          throw new IllegalArgumentException("it printed a line that is not key=value: " + shown(line));
        }
        if (values.put(fact.group(1), fact.group(2).strip()) != null) {
          throw new IllegalArgumentException("it printed " + fact.group(1) + " twice");
        }
      }
      for (String key : ALWAYS) {
        if (!values.containsKey(key)) {
          throw new IllegalArgumentException("it printed no " + key);
        }
      }
      return new Values(values);
    }

    Optional<String> text(String key) {
      return Optional.ofNullable(lines.get(key)).filter(value -> !value.isEmpty());
    }

    boolean flag(String key) {
      return switch (lines.get(key)) {
        case "true" -> true;
        case "false" -> false;
        default -> throw wrong(key, "true or false");
      };
    }

    List<String> list(String key) {
      return text(key).stream().flatMap(value -> Arrays.stream(value.split(","))).map(String::strip)
          .filter(value -> !value.isEmpty()).toList();
    }

    Optional<String> state() {
      return text("state").map(state -> {
        if (!STATE.matcher(state).matches()) {
          throw wrong("state", "a /status state such as RUNNING");
        }
        return state;
      });
    }

    LicenseEdition edition() {
      String word = lines.get("license_edition").toUpperCase(Locale.ROOT);
      return Arrays.stream(LicenseEdition.values()).filter(e -> e.name().equals(word)).findFirst()
          .orElseThrow(() -> wrong("license_edition", "server, datacenter, unknown or none"));
    }

    /** Empty on a host without sha256sum or shasum, which prints nothing to hash with. */
    Optional<String> digest() {
      Optional<String> digest = text("license_digest");
      if (digest.isPresent() && !NodeFacts.SHA256.matcher(digest.get()).matches()) {
        throw wrong("license_digest", "64 lower-case hex digits");
      }
      return digest;
    }

    /** A size printed in kilobytes, in bytes; empty when du or df gave none. */
    OptionalLong bytes(String key) {
      Optional<String> kilobytes = text(key);
      if (kilobytes.isEmpty()) {
        return OptionalLong.empty();
      }
      if (!KILOBYTES.matcher(kilobytes.get()).matches()) {
        throw wrong(key, "a number of kilobytes");
      }
      return OptionalLong.of(Long.parseLong(kilobytes.get()) * 1024L);
    }

    /** Empty for a path that does not exist, or a host without stat. */
    Optional<PathOwner> owner(String key) {
      return text(key).map(value -> {
        Matcher owner = OWNER.matcher(value);
        if (!owner.matches()) {
          throw wrong(key, "user:group mode path");
        }
        return new PathOwner(owner.group(4), owner.group(1), owner.group(2), owner.group(3));
      });
    }

    Optional<ServiceUser> serviceUser() {
      boolean exists = flag("service_user_exists");
      Optional<String> group = text("service_group");
      Optional<ServiceUser.Source> source = text("service_user_from").map(word -> ServiceUser.Source.of(word)
          .orElseThrow(() -> wrong("service_user_from", "user.sh, local_home or process")));
      Optional<String> user = text("service_user");
      if (user.isPresent() != source.isPresent()) {
        throw new IllegalArgumentException("it printed service_user '" + lines.get("service_user")
            + "' learnt from '" + lines.get("service_user_from") + "'; both or neither must be given");
      }
      if (user.isPresent() && !ServiceUser.NAME.matcher(user.get()).matches()) {
        throw wrong("service_user", "a user name");
      }
      return user.map(name -> new ServiceUser(name, group, source.orElseThrow(), exists));
    }

    private IllegalArgumentException wrong(String key, String expected) {
      return new IllegalArgumentException("it printed " + key + "=" + shown(lines.get(key)) + ", not " + expected);
    }

    private static String shown(String text) {
      return "'" + (text.length() > SHOWN ? text.substring(0, SHOWN) + "..." : text) + "'";
    }
  }
}
