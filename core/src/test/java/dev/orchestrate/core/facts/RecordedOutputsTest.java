package dev.orchestrate.core.facts;

import static dev.orchestrate.core.facts.ScriptOutputs.BARE;
import static dev.orchestrate.core.facts.ScriptOutputs.DIGEST;
import static dev.orchestrate.core.facts.ScriptOutputs.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.transport.RecordingTransport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the gatherer makes of script outputs recorded from hosts of each kind: every fact of the
 * node is compared, so a fact read wrongly or left over from another case shows.
 */
class RecordedOutputsTest {
  static Stream<Arguments> outputs() {
    return Stream.of(
        Arguments.of("a Server node, running", SERVER, facts(
            "installed", true, "configured_home", "/var/atlassian/application-data/confluence", "home_exists", true,
            "setup_step", "complete", "setup_type", "custom", "build_number", "9012", "state", "RUNNING",
            "pid_alive", true, "license_digest", DIGEST, "license_edition", "server", "local_shared_home", true,
            "local_attachments", true,
            "free_bytes", Map.of("install_dir", 1_024_000L, "local_home", 2_048_000L, "shared_home", 3_072_000L),
            "install_bytes", 512_000L, "home_bytes", 716_800L, "attachments_bytes", 307_200L,
            "service_user", "confluence", "service_group", "confluence", "service_user_from", "user.sh",
            "service_user_exists", true, "owners", Map.of(
                "install_dir", owner("/opt/atlassian/confluence", "root", "root", "755"),
                "local_home", owner("/var/atlassian/application-data/confluence", "confluence", "confluence", "750"),
                "shared_home_parent", owner("/media", "root", "root", "755")),
            "shared_home_parent_root_owned", true)),
        Arguments.of("a clustered node, stopped, on an NFS shared home", """
            facts=begin
            installed=true
            configured_home=/var/atlassian/application-data/confluence
            home_exists=true
            setup_step=complete
            setup_type=cluster
            build_number=9012
            state=
            pid_alive=false
            clustered=true
            cluster_name=R&D wiki
            shared_home=/media/shared
            join_type=tcp_ip
            peers=10.0.0.11, 10.0.0.12,10.0.0.13
            cluster_interface=eth1
            license_digest=%s
            license_edition=datacenter
            local_shared_home=false
            local_attachments=false
            desired_shared_home_exists=true
            desired_shared_home_has_config=true
            synchrony_url_in_setenv=https://wiki.example.com/synchrony/v1
            synchrony_running=true
            free_kb.install_dir=10
            free_kb.local_home=10
            free_kb.shared_home=99
            install_kb=1
            home_kb=2
            attachments_kb=3
            service_user=conf-svc
            service_user_from=local_home
            service_user_exists=true
            service_group=atlassian
            owner.install_dir=root:root 755 /opt/atlassian/confluence
            owner.local_home=conf-svc:atlassian 750 /var/atlassian/application-data/confluence
            owner.shared_home=conf-svc:atlassian 2770 /media/shared
            owner.shared_home_parent=admin:admin 755 /media
            facts=end
            """.formatted(DIGEST), facts(
            "installed", true, "configured_home", "/var/atlassian/application-data/confluence", "home_exists", true,
            "setup_step", "complete", "setup_type", "cluster", "build_number", "9012", "clustered", true,
            "cluster_name", "R&D wiki", "shared_home", "/media/shared", "join_type", "tcp_ip",
            "peers", List.of("10.0.0.11", "10.0.0.12", "10.0.0.13"), "cluster_interface", "eth1",
            "license_digest", DIGEST, "license_edition", "datacenter", "desired_shared_home_exists", true,
            "desired_shared_home_has_config", true,
            "synchrony_url_in_setenv", "https://wiki.example.com/synchrony/v1", "synchrony_running", true,
            "free_bytes", Map.of("install_dir", 10_240L, "local_home", 10_240L, "shared_home", 101_376L),
            "install_bytes", 1024L, "home_bytes", 2048L, "attachments_bytes", 3072L,
            "service_user", "conf-svc", "service_group", "atlassian", "service_user_from", "local_home",
            "service_user_exists", true, "owners", Map.of(
                "install_dir", owner("/opt/atlassian/confluence", "root", "root", "755"),
                "local_home", owner("/var/atlassian/application-data/confluence", "conf-svc", "atlassian", "750"),
                "shared_home", owner("/media/shared", "conf-svc", "atlassian", "2770"),
                "shared_home_parent", owner("/media", "admin", "admin", "755")),
            "shared_home_parent_root_owned", false)),
        Arguments.of("a bare host", BARE, facts("license_edition", "none",
            "free_bytes", Map.of("install_dir", 84_256_804_864L, "local_home", 84_256_804_864L,
                "shared_home", 84_256_804_864L))),
        Arguments.of("a login greeting, a future fact, and what the host could not give", """
            Welcome to node2. Authorized use only.
            """ + ScriptOutputs.with(ScriptOutputs.with(ScriptOutputs.with(SERVER, "license_digest", ""),
                "home_kb", ""), "facts", "begin\nsome_future_fact=1"), facts(
            "installed", true, "configured_home", "/var/atlassian/application-data/confluence", "home_exists", true,
            "setup_step", "complete", "setup_type", "custom", "build_number", "9012", "state", "RUNNING",
            "pid_alive", true, "license_edition", "server", "local_shared_home", true, "local_attachments", true,
            "free_bytes", Map.of("install_dir", 1_024_000L, "local_home", 2_048_000L, "shared_home", 3_072_000L),
            "install_bytes", 512_000L, "attachments_bytes", 307_200L,
            "service_user", "confluence", "service_group", "confluence", "service_user_from", "user.sh",
            "service_user_exists", true, "owners", Map.of(
                "install_dir", owner("/opt/atlassian/confluence", "root", "root", "755"),
                "local_home", owner("/var/atlassian/application-data/confluence", "confluence", "confluence", "750"),
                "shared_home_parent", owner("/media", "root", "root", "755")),
            "shared_home_parent_root_owned", true)),
        Arguments.of("a node in ERROR, with the last error of its log", ScriptOutputs.with(BARE, "state",
            "ERROR\nlast_error=2026-12-02 01:00:00,000 ERROR [main] Cannot connect to the database"),
            facts("license_edition", "none", "state", "ERROR",
            "free_bytes", Map.of("install_dir", 84_256_804_864L, "local_home", 84_256_804_864L,
                "shared_home", 84_256_804_864L),
            "last_error", "2026-12-02 01:00:00,000 ERROR [main] Cannot connect to the database")),
        Arguments.of("user.sh names a user the host does not have", ScriptOutputs.with(ScriptOutputs.with(BARE,
            "service_user", "confluence"), "service_user_from", "user.sh"), facts("license_edition", "none",
            "free_bytes", Map.of("install_dir", 84_256_804_864L, "local_home", 84_256_804_864L,
                "shared_home", 84_256_804_864L),
            "service_user", "confluence", "service_user_from", "user.sh")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outputs")
  void readsEveryFactOfARecordedOutput(String host, String output, Map<String, Object> expected) {
    RecordingTransport transport = new RecordingTransport().respond("node2", "orchestrate facts", 0, output);

    Facts facts = FactGatherer.create(transport).gather(TestTopologies.threeNodes());

    assertThat(facts.templateVariables("node2")).isEqualTo(expected);
  }

  private static Map<String, Object> owner(String path, String user, String group, String mode) {
    return Map.of("path", path, "user", user, "group", group, "mode", mode);
  }

  /**
   * The variables of a reachable node that could give nothing, with {@code changes} (key, value,
   * key, value...) over them.
   */
  private static Map<String, Object> facts(Object... changes) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (String key : List.of("unreachable_reason", "configured_home", "setup_step", "setup_type", "build_number",
        "state", "cluster_name", "shared_home", "join_type", "cluster_interface", "license_digest",
        "synchrony_url_in_setenv", "install_bytes", "home_bytes", "attachments_bytes", "service_user",
        "service_group", "service_user_from", "shared_home_parent_root_owned", "last_error")) {
      map.put(key, null);
    }
    map.put("reachable", true);
    for (String key : List.of("installed", "home_exists", "pid_alive", "clustered", "local_shared_home",
        "local_attachments", "desired_shared_home_exists", "desired_shared_home_has_config", "synchrony_running",
        "service_user_exists")) {
      map.put(key, false);
    }
    map.put("peers", new ArrayList<>());
    map.put("license_edition", "unknown");
    map.put("free_bytes", Map.of());
    map.put("owners", Map.of());
    for (int i = 0; i < changes.length; i += 2) {
      map.put((String) changes[i], changes[i + 1]);
    }
    return map;
  }
}
