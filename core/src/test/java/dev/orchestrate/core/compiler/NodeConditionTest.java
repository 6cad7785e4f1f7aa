package dev.orchestrate.core.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.compiler.NodeCondition.Disk;
import dev.orchestrate.core.compiler.NodeCondition.Service;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every pair of disk and service facts maps to one condition, and each condition to its words in the plan. */
class NodeConditionTest {
  @ParameterizedTest(name = "installed={0} home={1} clustered={2}: {3}")
  @CsvSource({
      "false, false, false, EMPTY",
      "false, true,  false, HOME_ONLY",
      "true,  false, false, INSTALL_ONLY",
      "true,  true,  false, SERVER",
      "true,  true,  true,  CLUSTERED"})
  void theDiskIsReadFromInstallationHomeAndClustering(boolean installed, boolean home, boolean clustered, Disk disk) {
    Found found = Found.node("node1").stopped();
    found.installed = installed;
    found.home = home;
    found.clustered = clustered;

    assertThat(NodeCondition.of(found.facts()).disk()).isEqualTo(disk);
  }

  @ParameterizedTest(name = "/status {0}, PID alive {1}: {2}")
  @CsvSource({
      "RUNNING,   true,  RUNNING,  true,  false, true",
      "ERROR,     true,  ERROR,    false, false, true",
      "STOPPING,  true,  STOPPING, false, false, true",
      "STARTING,  true,  STARTING, false, true,  true",
      "FIRST_RUN, false, STARTING, false, true,  true",
      ",          true,  SILENT,   false, true,  true",
      ",          false, STOPPED,  false, false, false"})
  void theServiceIsReadFromStatusAndThenThePidFile(String status, boolean pidAlive, Service service, boolean running,
      boolean onItsWayUp, boolean up) {
    Found found = Found.node("node1").state(status);
    found.pidAlive = pidAlive;

    NodeCondition condition = NodeCondition.of(found.facts());

    assertThat(condition.service()).isEqualTo(service);
    assertThat(condition.running()).isEqualTo(running);
    assertThat(condition.onItsWayUp()).isEqualTo(onItsWayUp);
    assertThat(condition.up()).isEqualTo(up);
  }

  @Test
  void eachServiceHasItsStartDecision() {
    assertThat(NodeCondition.of(Found.node("n").facts()).startDecision()).isEqualTo("is RUNNING: left as it is");
    assertThat(NodeCondition.of(Found.node("n").stopped().facts()).startDecision())
        .isEqualTo("is stopped: started, RUNNING before the next node starts");
    assertThat(NodeCondition.of(Found.node("n").state("FIRST_RUN").facts()).startDecision())
        .isEqualTo("is FIRST_RUN: waited for until RUNNING, not started a second time");
    assertThat(NodeCondition.of(Found.node("n").state("STOPPING").facts()).startDecision())
        .startsWith("is STOPPING: waited for until stopped, then started");
    assertThat(NodeCondition.of(Found.node("n").state(null).facts()).startDecision())
        .startsWith("runs a process that does not answer on /status yet");
  }

  @Test
  void aNodeInErrorShowsItsLastLoggedErrorCutToTwoHundredCharacters() {
    Found short1 = Found.node("n").state("ERROR");
    short1.lastError = Optional.of("ERROR [main] database refused");
    Found long1 = Found.node("n").state("ERROR");
    long1.lastError = Optional.of("E".repeat(250));

    assertThat(NodeCondition.of(short1.facts()).describe()).isEqualTo("in ERROR (its log: ERROR [main] database refused)");
    assertThat(NodeCondition.of(long1.facts()).describe()).isEqualTo("in ERROR (its log: " + "E".repeat(200) + "...)");
    assertThat(NodeCondition.of(Found.node("n").state("ERROR").facts()).describe()).isEqualTo("in ERROR");
    assertThat(NodeCondition.of(short1.facts()).startDecision()).startsWith("is in ERROR (its log: ")
        .contains("stopped and started again");
  }
}
