package dev.orchestrate.core.facts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@link NodeFacts} as a map with snake_case keys, and back: the one naming that templates see,
 * that plans save and that the digest covers, so the three cannot drift apart.
 */
final class FactVariables {
  /**
   * Facts that change while nobody touches the deployment: disks fill, a process dies, a host
   * answers a different error. A saved plan stays valid through them.
   */
  static final Set<String> VOLATILE = Set.of("unreachable_reason", "pid_alive", "free_bytes", "install_bytes",
      "home_bytes", "attachments_bytes");

  private FactVariables() {}

  /** The facts of {@code node}; absent facts are null values. */
  static Map<String, Object> of(NodeFacts node) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("reachable", node.reachable());
    map.put("unreachable_reason", node.unreachableReason().orElse(null));
    map.put("installed", node.installed());
    map.put("configured_home", node.configuredHome().orElse(null));
    map.put("home_exists", node.homeExists());
    map.put("setup_step", node.setupStep().orElse(null));
    map.put("setup_type", node.setupType().orElse(null));
    map.put("build_number", node.buildNumber().orElse(null));
    map.put("state", node.state().orElse(null));
    map.put("pid_alive", node.pidAlive());
    map.put("clustered", node.clustered());
    map.put("cluster_name", node.clusterName().orElse(null));
    map.put("shared_home", node.sharedHome().orElse(null));
    map.put("join_type", node.joinType().orElse(null));
    map.put("peers", node.peers());
    map.put("cluster_interface", node.clusterInterface().orElse(null));
    map.put("license_edition", node.licenseEdition().name().toLowerCase(Locale.ROOT));
    map.put("license_digest", node.licenseDigest().orElse(null));
    map.put("local_shared_home", node.localSharedHome());
    map.put("local_attachments", node.localAttachments());
    map.put("desired_shared_home_exists", node.desiredSharedHomeExists());
    map.put("desired_shared_home_has_config", node.desiredSharedHomeHasConfig());
    map.put("synchrony_url_in_setenv", node.synchronyUrlInSetenv().orElse(null));
    map.put("synchrony_running", node.synchronyRunning());
    map.put("free_bytes", node.freeBytes());
    map.put("install_bytes", boxed(node.installBytes()));
    map.put("home_bytes", boxed(node.homeBytes()));
    map.put("attachments_bytes", boxed(node.attachmentsBytes()));
    map.put("service_user", node.serviceUser().map(ServiceUser::user).orElse(null));
    map.put("service_group", node.serviceUser().flatMap(ServiceUser::group).orElse(null));
    map.put("service_user_from", node.serviceUser().map(user -> user.source().word()).orElse(null));
    map.put("service_user_exists", node.serviceUser().map(ServiceUser::exists).orElse(false));
    Map<String, Object> owners = new TreeMap<>();
    node.owners().forEach((path, owner) -> owners.put(path, owner(owner)));
    map.put("owners", Collections.unmodifiableMap(owners));
    map.put("shared_home_parent_root_owned", node.sharedHomeParentRootOwned().orElse(null));
    map.put("last_error", node.lastError().orElse(null));
    return Collections.unmodifiableMap(map);
  }

  private static Map<String, Object> owner(PathOwner owner) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("path", owner.path());
    map.put("user", owner.user());
    map.put("group", owner.group());
    map.put("mode", owner.mode());
    return Collections.unmodifiableMap(map);
  }

  /**
   * The facts {@link #of} gave, read back, as JSON brings them (any whole number type). Facts
   * saved before ownership was read, as a journal of an older run holds them, read back without
   * it; {@code shared_home_parent_root_owned} follows from {@code owners} and is not read.
   *
   * @throws IllegalArgumentException naming the first key that is missing or of the wrong type
   */
  static NodeFacts read(String name, Map<String, Object> map) {
    Reader reader = new Reader(name, map);
    return new NodeFacts(name, reader.flag("reachable"), reader.text("unreachable_reason"), reader.flag("installed"),
        reader.text("configured_home"), reader.flag("home_exists"), reader.text("setup_step"),
        reader.text("setup_type"), reader.text("build_number"), reader.text("state"), reader.flag("pid_alive"),
        reader.flag("clustered"), reader.text("cluster_name"), reader.text("shared_home"), reader.text("join_type"),
        reader.texts("peers"), reader.text("cluster_interface"), reader.edition("license_edition"),
        reader.text("license_digest"), reader.flag("local_shared_home"), reader.flag("local_attachments"),
        reader.flag("desired_shared_home_exists"), reader.flag("desired_shared_home_has_config"),
        reader.text("synchrony_url_in_setenv"), reader.flag("synchrony_running"), reader.numbers("free_bytes"),
        reader.number("install_bytes"), reader.number("home_bytes"), reader.number("attachments_bytes"),
        reader.serviceUser(), reader.owners(), reader.text("last_error"));
  }

  private static Long boxed(OptionalLong value) {
    return value.isPresent() ? value.getAsLong() : null;
  }

  /** Typed reads of one node's saved map, each failure naming the node and the key. */
  private record Reader(String node, Map<String, Object> map) {
    boolean flag(String key) {
      if (map.get(key) instanceof Boolean value) {
        return value;
      }
      throw wrong(key, "true or false");
    }

    Optional<String> text(String key) {
      Object value = map.get(key);
      if (value == null || value instanceof String) {
        return Optional.ofNullable((String) value);
      }
      throw wrong(key, "a string or null");
    }

    List<String> texts(String key) {
      if (map.get(key) instanceof List<?> values && values.stream().allMatch(String.class::isInstance)) {
        List<String> texts = new ArrayList<>();
        values.forEach(value -> texts.add((String) value));
        return texts;
      }
      throw wrong(key, "a list of strings");
    }

    OptionalLong number(String key) {
      Object value = map.get(key);
      if (value == null) {
        return OptionalLong.empty();
      }
      return OptionalLong.of(whole(key, value));
    }

    Map<String, Long> numbers(String key) {
      if (map.get(key) instanceof Map<?, ?> values) {
        Map<String, Long> numbers = new TreeMap<>();
        values.forEach((path, bytes) -> numbers.put(String.valueOf(path), whole(key, bytes)));
        return numbers;
      }
      throw wrong(key, "a map of whole numbers");
    }

    Optional<ServiceUser> serviceUser() {
      Optional<String> user = text("service_user");
      if (user.isEmpty()) {
        return Optional.empty();
      }
      ServiceUser.Source source = text("service_user_from").flatMap(ServiceUser.Source::of)
          .orElseThrow(() -> wrong("service_user_from", "user.sh, local_home or process"));
      try {
        return Optional.of(new ServiceUser(user.get(), text("service_group"), source, flag("service_user_exists")));
      } catch (IllegalArgumentException e) {
        throw wrong("service_user", "a user name, with a group name or null");
      }
    }

    Map<String, PathOwner> owners() {
      Object value = map.get("owners");
      if (value == null) {
        return Map.of();
      }
      if (!(value instanceof Map<?, ?> owners)) {
        throw wrong("owners", "a map of paths to their owners");
      }
      Map<String, PathOwner> read = new TreeMap<>();
      owners.forEach((path, owner) -> {
        if (!(owner instanceof Map<?, ?> fields) || !(fields.get("path") instanceof String at)
            || !(fields.get("user") instanceof String user) || !(fields.get("group") instanceof String group)
            || !(fields.get("mode") instanceof String mode)) {
          throw wrong("owners", "path, user, group and mode of each path");
        }
        try {
          read.put(String.valueOf(path), new PathOwner(at, user, group, mode));
        } catch (IllegalArgumentException e) {
          throw wrong("owners", "path, user, group and mode of each path (" + e.getMessage() + ")");
        }
      });
      return read;
    }

    LicenseEdition edition(String key) {
      if (map.get(key) instanceof String value) {
        for (LicenseEdition edition : LicenseEdition.values()) {
          if (edition.name().toLowerCase(Locale.ROOT).equals(value)) {
            return edition;
          }
        }
      }
      throw wrong(key, "one of server, datacenter, unknown, none");
    }

    private long whole(String key, Object value) {
      if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
        return ((Number) value).longValue();
      }
      throw wrong(key, "whole numbers");
    }

    private IllegalArgumentException wrong(String key, String expected) {
      return new IllegalArgumentException("the saved facts of " + node + " hold " + (map.containsKey(key)
          ? "'" + map.get(key) + "' as " + key : "no " + key) + "; expected " + expected);
    }
  }
}
