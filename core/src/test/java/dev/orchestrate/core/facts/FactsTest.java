package dev.orchestrate.core.facts;

import static dev.orchestrate.core.facts.ScriptOutputs.BARE;
import static dev.orchestrate.core.facts.ScriptOutputs.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FactsTest {
  private static Facts facts(String first, String second) {
    Map<String, NodeFacts> nodes = new LinkedHashMap<>();
    nodes.put("node1", FactParser.parse("node1", first));
    nodes.put("node2", FactParser.parse("node2", second));
    nodes.put("node3", NodeFacts.unreachable("node3", "connection refused"));
    return new Facts(nodes);
  }

  @Test
  void sizesFreeSpaceAndLiveProcessesDoNotChangeTheDigest() {
    Facts before = facts(SERVER, BARE);
    Facts after = facts(SERVER.replace("pid_alive=true", "pid_alive=false")
        .replace("free_kb.local_home=2000", "free_kb.local_home=1")
        .replace("attachments_kb=300", "attachments_kb=900000")
        .replace("install_kb=500", "install_kb="), ScriptOutputs.with(BARE, "free_kb.install_dir", ""));
    Map<String, NodeFacts> otherReason = new LinkedHashMap<>(after.nodes());
    otherReason.put("node3", NodeFacts.unreachable("node3", "no route to host"));

    assertThat(after).isNotEqualTo(before);
    assertThat(after.digest()).isEqualTo(before.digest()).matches("[0-9a-f]{64}");
    assertThat(new Facts(otherReason).digest()).isEqualTo(before.digest());
  }

  static Stream<Arguments> stateChanges() {
    return Stream.of(
        Arguments.of("state=RUNNING", "state=STARTING"),
        Arguments.of("installed=true", "installed=false"),
        Arguments.of("clustered=false", "clustered=true"),
        Arguments.of("setup_step=complete", "setup_step=setupstart"),
        Arguments.of("license_edition=server", "license_edition=datacenter"),
        Arguments.of("license_digest=9f", "license_digest=8f"),
        Arguments.of("local_attachments=true", "local_attachments=false"),
        Arguments.of("build_number=9012", "build_number=9013"),
        Arguments.of("peers=\n", "peers=10.0.0.11\n"),
        Arguments.of("service_user=confluence", "service_user=root"),
        Arguments.of("service_group=confluence", "service_group=atlassian"),
        Arguments.of("confluence:confluence 750", "root:root 750"),
        Arguments.of("confluence:confluence 750", "confluence:confluence 700"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("stateChanges")
  void aChangeOfStateChangesTheDigest(String was, String is) {
    assertThat(SERVER).contains(was);

    assertThat(facts(SERVER.replace(was, is), BARE).digest()).isNotEqualTo(facts(SERVER, BARE).digest());
  }

  @Test
  void aNodeThatBecomesReachableChangesTheDigest() {
    Map<String, NodeFacts> nodes = new LinkedHashMap<>(facts(SERVER, BARE).nodes());
    nodes.put("node3", FactParser.parse("node3", BARE));

    assertThat(new Facts(nodes).digest()).isNotEqualTo(facts(SERVER, BARE).digest());
  }

  @Test
  void savedFactsReadBackEqualWithTheSameDigest() {
    Facts facts = facts(SERVER, BARE);

    Facts read = Facts.fromJson(facts.toJson());

    assertThat(read).isEqualTo(facts);
    assertThat(read.digest()).isEqualTo(facts.digest());
    assertThat(List.copyOf(read.nodes().keySet())).containsExactly("node1", "node2", "node3");
  }

  @Test
  void templatesSeeSnakeCaseKeysPlainValuesAndNullForWhatIsAbsent() {
    Map<String, Object> variables = facts(SERVER, BARE).templateVariables("node1");

    assertThat(variables).containsEntry("installed", true).containsEntry("state", "RUNNING")
        .containsEntry("license_edition", "server").containsEntry("build_number", "9012")
        .containsEntry("cluster_name", null).containsEntry("peers", List.of())
        .containsEntry("attachments_bytes", 307_200L)
        .containsEntry("free_bytes", Map.of("install_dir", 1_024_000L, "local_home", 2_048_000L,
            "shared_home", 3_072_000L));
    assertThat(variables).containsEntry("service_user", "confluence").containsEntry("service_group", "confluence")
        .containsEntry("service_user_from", "user.sh").containsEntry("service_user_exists", true)
        .containsEntry("shared_home_parent_root_owned", true)
        .containsEntry("owners", Map.of(
            "install_dir", Map.of("path", "/opt/atlassian/confluence", "user", "root", "group", "root", "mode", "755"),
            "local_home", Map.of("path", "/var/atlassian/application-data/confluence", "user", "confluence",
                "group", "confluence", "mode", "750"),
            "shared_home_parent", Map.of("path", "/media", "user", "root", "group", "root", "mode", "755")));
    assertThat(variables.keySet()).allMatch(key -> key.matches("[a-z_]+"));
    assertThatThrownBy(() -> variables.put("state", "ERROR")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void factsSavedBeforeOwnershipWasReadReadBackWithoutIt() {
    String saved = facts(SERVER, BARE).toJson().replaceAll("(?s),\\s*\"service_user\" : \"confluence\".*?"
        + "\"shared_home_parent_root_owned\" : true", "");
    assertThat(saved).doesNotContain("\"confluence\"");

    NodeFacts read = Facts.fromJson(saved).node("node1");

    assertThat(read.serviceUser()).isEmpty();
    assertThat(read.owners()).isEmpty();
    assertThat(read.runsAs()).hasValueSatisfying(text -> assertThat(text).startsWith(
        "the user Confluence runs as is unknown"));
  }

  static Stream<Arguments> runsAs() {
    return Stream.of(
        Arguments.of(SERVER, "runs as confluence:confluence (from bin/user.sh)"),
        Arguments.of(ScriptOutputs.with(SERVER, "service_user_from", "local_home"),
            "runs as confluence:confluence (the local home's owner)"),
        Arguments.of(ScriptOutputs.with(ScriptOutputs.with(SERVER, "service_user_from", "process"), "service_group", ""),
            "runs as confluence (group unknown) (the running Confluence's user)"),
        Arguments.of(ScriptOutputs.with(SERVER, "service_user_exists", "false"),
            "runs as confluence (from bin/user.sh), but there is no user confluence on this host"),
        Arguments.of(ScriptOutputs.with(ScriptOutputs.with(SERVER, "service_user", ""), "service_user_from", ""),
            "the user Confluence runs as is unknown: bin/user.sh names none"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("runsAs")
  void saysWhoConfluenceRunsAsOnANodeWithAnInstallation(String output, String said) {
    assertThat(FactParser.parse("node1", output).runsAs()).hasValueSatisfying(text -> assertThat(text).startsWith(said));
    assertThat(FactParser.parse("node2", BARE).runsAs()).isEmpty();
  }

  @Test
  void askingForAnUnknownNodeNamesTheKnownOnes() {
    assertThatThrownBy(() -> facts(SERVER, BARE).node("node9"))
        .hasMessage("there are no facts of node 'node9'; there are of [node1, node2, node3]");
  }

  @Test
  void factsAreFiledUnderTheirOwnNodesName() {
    assertThatThrownBy(() -> new Facts(Map.of("node2", NodeFacts.unreachable("node1", "down"))))
        .hasMessageContaining("node1").hasMessageContaining("'node2'");
  }

  @Test
  void theNodesCannotBeChanged() {
    Facts facts = facts(SERVER, BARE);

    assertThatThrownBy(() -> facts.nodes().remove("node1")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void savedFactsThatAreBrokenAreRefusedNamingWhy() {
    String saved = facts(SERVER, BARE).toJson();

    assertThatThrownBy(() -> Facts.fromJson("{")).hasMessageStartingWith("saved facts are not JSON");
    assertThatThrownBy(() -> Facts.fromJson("{\"plan\":1}")).hasMessage("saved facts need a \"nodes\" object");
    assertThatThrownBy(() -> Facts.fromJson(saved.replace("\"installed\" : true", "\"installed\" : \"yes\"")))
        .hasMessage("the saved facts of node1 hold 'yes' as installed; expected true or false");
    assertThatThrownBy(() -> Facts.fromJson(saved.replace("\"license_edition\" : \"server\"",
        "\"license_edition\" : \"gold\""))).hasMessageContaining("gold");
  }

  @Test
  void aNodeIsUnreachableExactlyWhenItHasAReason() {
    NodeFacts reachable = FactParser.parse("node1", SERVER);
    NodeFacts down = NodeFacts.unreachable("node1", "down");

    assertThat(down.reachable()).isFalse();
    assertThat(down.licenseEdition()).isEqualTo(LicenseEdition.UNKNOWN);
    assertThatThrownBy(() -> new NodeFacts(reachable.name(), true, Optional.of("down"), reachable.installed(),
        reachable.configuredHome(), reachable.homeExists(), reachable.setupStep(), reachable.setupType(),
        reachable.buildNumber(), reachable.state(), reachable.pidAlive(), reachable.clustered(),
        reachable.clusterName(), reachable.sharedHome(), reachable.joinType(), reachable.peers(),
        reachable.clusterInterface(), reachable.licenseEdition(), reachable.licenseDigest(),
        reachable.localSharedHome(), reachable.localAttachments(), reachable.desiredSharedHomeExists(),
        reachable.desiredSharedHomeHasConfig(), reachable.synchronyUrlInSetenv(), reachable.synchronyRunning(),
        reachable.freeBytes(), reachable.installBytes(), reachable.homeBytes(), reachable.attachmentsBytes()))
        .hasMessageContaining("exactly when the node is unreachable");
  }
}
