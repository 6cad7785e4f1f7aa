package dev.orchestrate.core.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.topology.TestClusters;
import dev.orchestrate.core.topology.Topology;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The variables a playbook sees for each node: from cluster.yaml and the facts, never a secret. */
class TopologyVariablesTest {
  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  private static Map<String, Object> database(String url) {
    Topology topology = TestClusters.load(TestClusters.THREE_NODES.replace("jdbc:postgresql://db:5432/confluence", url));
    return map(TopologyVariables.of(topology, Optional.empty()).get("node1").get("database"));
  }

  @Test
  void eachNodeSeesItselfTheClusterAndEveryNodeInStartOrder() {
    Map<String, Map<String, Object>> all = TopologyVariables.of(TestClusters.threeNodes(), Optional.empty());

    assertThat(all).containsOnlyKeys("node1", "node2", "node3");
    assertThat(List.copyOf(all.keySet())).containsExactly("node1", "node2", "node3");
    Map<String, Object> node2 = all.get("node2");
    assertThat(map(node2.get("node"))).containsEntry("name", "node2").containsEntry("host", "10.0.0.12")
        .containsEntry("installDir", "/opt/atlassian/confluence")
        .containsEntry("localHome", "/var/atlassian/application-data/confluence");
    assertThat(node2).containsEntry("ansible_host", "10.0.0.12").containsEntry("facts", Map.of())
        .containsEntry("peers", "10.0.0.11,10.0.0.12,10.0.0.13");
    assertThat((List<?>) node2.get("nodes")).extracting(n -> map(n).get("name"))
        .containsExactly("node1", "node2", "node3");
    assertThat(map(node2.get("cluster"))).containsEntry("name", "wiki").containsEntry("edition", "datacenter");
    Map<String, Object> confluence = map(node2.get("confluence"));
    assertThat(confluence).containsEntry("sharedHome", "/media/shared").containsEntry("httpPort", 8090)
        .containsEntry("startTimeout", 600L).containsEntry("stopTimeout", 180L);
    assertThat(map(confluence.get("discovery"))).containsEntry("type", "tcp_ip");
  }

  @Test
  void theFactsOfEachNodeAreItsOwn() {
    Map<String, Map<String, Object>> all = TopologyVariables.of(TestClusters.threeNodes(), Optional.of(Found.facts(
        Found.node("node1"), Found.node("node2").stopped(), Found.node("node3").empty())));

    assertThat(map(all.get("node1").get("facts"))).containsEntry("installed", true).containsEntry("state", "RUNNING");
    assertThat(map(all.get("node2").get("facts"))).containsEntry("installed", true).containsEntry("state", null);
    assertThat(map(all.get("node3").get("facts"))).containsEntry("installed", false);
  }

  @Test
  void theDatabaseHostAndPortComeFromTheJdbcUrlWithEachDriversDefaultPort() {
    assertThat(database("jdbc:postgresql://db:5432/confluence")).containsEntry("host", "db").containsEntry("port", 5432)
        .containsEntry("username", "confluence");
    assertThat(database("jdbc:postgresql://pg.internal/confluence")).containsEntry("port", 5432);
    assertThat(database("jdbc:mysql://my.internal/confluence")).containsEntry("host", "my.internal")
        .containsEntry("port", 3306);
    assertThat(database("jdbc:sqlserver://sql.internal;databaseName=confluence")).containsEntry("host", "sql.internal")
        .containsEntry("port", 1433);
    assertThat(database("jdbc:oracle:thin:@//ora.internal:1522/XE")).containsEntry("host", "ora.internal")
        .containsEntry("port", 1522);
    assertThat(database("jdbc:postgresql://[fd00::5]:6432/confluence")).containsEntry("host", "fd00::5")
        .containsEntry("port", 6432);
  }

  @Test
  void noSecretIsAmongTheVariables() {
    String all = TopologyVariables.of(TestClusters.threeNodes(), Optional.empty()).toString();

    assertThat(all).doesNotContain(TestClusters.LICENSE, TestClusters.DB_PASSWORD);
    assertThat(TopologyVariables.SECRET_NAMES).containsExactly("license", "database_password");
  }
}
