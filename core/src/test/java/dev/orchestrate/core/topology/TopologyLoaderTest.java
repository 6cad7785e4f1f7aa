package dev.orchestrate.core.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.diagnostic.Diagnostic;
import dev.orchestrate.core.diagnostic.InvalidFileException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyLoaderTest {
  private static final Path VALID = Path.of("src/test/resources/topology/valid");

  /** The shared fixture with two nodes, so that a test can add a third of its own. */
  private static final String MINIMAL = TestClusters.yaml("", TestClusters.nodes(2));

  @TempDir
  Path dir;

  private Topology load(String text) throws IOException {
    Path file = dir.resolve("cluster.yaml");
    Files.writeString(file, text);
    return TopologyLoader.create(TestEnvironment.withSecrets()).load(file).orThrow();
  }

  @Test
  void appliesEveryDefault() throws IOException {
    Topology topology = load(MINIMAL);

    assertThat(topology.cluster().edition()).isEqualTo(Edition.DATACENTER);
    ConfluenceSettings confluence = topology.confluence();
    assertThat(confluence.installDir()).isEqualTo(RemotePath.of("/opt/atlassian/confluence"));
    assertThat(confluence.localHome()).isEqualTo(RemotePath.of("/var/atlassian/application-data/confluence"));
    assertThat(confluence.httpPort()).isEqualTo(8090);
    assertThat(confluence.control()).isEqualTo(ConfluenceSettings.Control.SCRIPTS);
    assertThat(confluence.systemdUnit()).isEqualTo("confluence.service");
    assertThat(confluence.startTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(confluence.stopTimeout()).isEqualTo(Duration.ofMinutes(3));
    assertThat(confluence.discovery().type()).isEqualTo(Discovery.Type.TCP_IP);
    assertThat(topology.synchrony().mode()).isEqualTo(Synchrony.Mode.MANAGED);
    assertThat(topology.synchrony().hosts()).isEmpty();
    SshSettings ssh = topology.first().ssh();
    assertThat(ssh.user()).isEqualTo("tester");
    assertThat(ssh.port()).isEqualTo(22);
    assertThat(ssh.identityFile()).isEmpty();
    assertThat(ssh.knownHosts()).isEqualTo(TestEnvironment.HOME.resolve(".ssh/known_hosts"));
    assertThat(ssh.become()).isEqualTo(SshSettings.Become.NONE);
    assertThat(ssh.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(topology.loadBalancer().url()).isEmpty();
  }

  @Test
  void mergesEachNodesOverridesOverTheFilesSettings() throws IOException {
    Topology topology = load(MINIMAL
        + "  - name: node3\n"
        + "    host: node3.example.com\n"
        + "    installDir: /srv/confluence\n"
        + "    localHome: /data/confluence-home\n"
        + "    ssh:\n"
        + "      port: 2200\n"
        + "      become: sudo\n"
        + "ssh:\n"
        + "  user: confluence\n"
        + "  port: 22\n"
        + "  connectTimeout: 30s\n");

    Node node1 = topology.first();
    Node node3 = topology.node("node3").orElseThrow();
    assertThat(node1.installDir()).isEqualTo(RemotePath.of("/opt/atlassian/confluence"));
    assertThat(node3.installDir()).isEqualTo(RemotePath.of("/srv/confluence"));
    assertThat(node3.localHome()).isEqualTo(RemotePath.of("/data/confluence-home"));
    assertThat(node3.ssh().port()).isEqualTo(2200);
    assertThat(node3.ssh().become()).isEqualTo(SshSettings.Become.SUDO);
    assertThat(node3.ssh().user()).as("inherited").isEqualTo("confluence");
    assertThat(node3.ssh().connectTimeout()).as("inherited").isEqualTo(Duration.ofSeconds(30));
    assertThat(node1.ssh().port()).isEqualTo(22);
    assertThat(node1.ssh().become()).isEqualTo(SshSettings.Become.NONE);
    assertThat(topology.others()).extracting(Node::name).containsExactly("node2", "node3");
  }

  @Test
  void expandsTildeAndResolvesRelativePathsAgainstTheFilesFolder() throws IOException {
    Files.createDirectories(dir.resolve("secrets"));
    Files.writeString(dir.resolve("secrets/db"), "s3cret\n");
    Files.writeString(dir.resolve("license.txt"), "AAAB\n");
    Topology topology = load(MINIMAL
        .replace("env: CONFLUENCE_LICENSE", "file: license.txt")
        .replace("passwordEnv: CONFLUENCE_DB_PASSWORD", "passwordFile: ./secrets/db") + """
      ssh:
        identityFile: ~/.ssh/id_ed25519
        knownHosts: keys/known_hosts
      """);

    assertThat(topology.first().ssh().identityFile()).contains(TestEnvironment.HOME.resolve(".ssh/id_ed25519"));
    assertThat(topology.first().ssh().knownHosts()).isEqualTo(dir.resolve("keys/known_hosts").toAbsolutePath());
    assertThat(topology.confluence().license()).isEqualTo(new SecretSource.FromFile(dir.resolve("license.txt")));
    assertThat(topology.database().orElseThrow().password().read(TestEnvironment.empty()).reveal())
        .as("a trailing newline is not part of the secret").isEqualTo("s3cret");
  }

  @Test
  void readsStandaloneSynchronyAndDefaultsItsHostsToEveryNode() throws IOException {
    Topology topology = load(MINIMAL + """
      synchrony:
        mode: standalone
        url: https://wiki.example.com/synchrony
      """);

    assertThat(topology.synchrony().url()).contains(URI.create("https://wiki.example.com/synchrony"));
    assertThat(topology.synchrony().hosts()).containsExactly("node1", "node2");
    assertThat(topology.synchrony().port()).isEqualTo(8091);
    assertThat(topology.synchrony().home()).isEqualTo(RemotePath.of("/opt/atlassian/synchrony"));
  }

  @Test
  void keepsOnlyTheSettingsOfTheChosenDiscovery() throws IOException {
    Topology topology = load(MINIMAL.replace("  license:\n",
        "  discovery:\n"
            + "    type: multicast\n"
            + "    interface: eth1\n"
            + "    multicast:\n"
            + "      address: 230.0.0.1\n"
            + "    aws:\n"
            + "      region: eu-west-1\n"
            + "      iamRole: r\n"
            + "  license:\n"));

    Discovery discovery = topology.confluence().discovery();
    assertThat(discovery.multicast()).contains(new Discovery.Multicast("230.0.0.1", 1));
    assertThat(discovery.aws()).isEmpty();
    assertThat(discovery.networkInterface()).contains("eth1");
  }

  @Test
  void aServerTopologyNeedsNeitherSharedHomeNorDatabase() throws IOException {
    Topology topology = load("""
        cluster:
          name: wiki
          edition: server
        confluence:
          license:
            env: CONFLUENCE_LICENSE
        nodes:
          - name: node1
            host: 10.0.0.11
        """);

    assertThat(topology.isDataCenter()).isFalse();
    assertThat(topology.confluence().sharedHome()).isEmpty();
    assertThat(topology.database()).isEmpty();
  }

  @Test
  void theContractFileIsValidOnceItsLicenseFileExists() {
    TopologyLoader.Result result = TopologyLoader.create(TestEnvironment.withSecrets())
        .load(VALID.resolve("contract-cluster.yaml"));

    assertThat(result.diagnostics()).noneMatch(Diagnostic::isError);
    Topology topology = result.orThrow();
    assertThat(topology.cluster().name()).isEqualTo("wiki-prod");
    assertThat(topology.nodes()).extracting(Node::host).containsExactly("10.0.0.11", "10.0.0.12");
    assertThat(topology.first().ssh().user()).isEqualTo("confluence");
  }

  @Test
  void theContractFileCopyMatchesTheSpecWhenTheSpecIsAtHand() throws IOException {
    Path spec = Path.of("../../shared/spec/cluster.yaml");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(spec),
        "the shared spec folder sits next to the repository only on development machines");
    assertThat(Files.readString(VALID.resolve("contract-cluster.yaml"))).isEqualTo(Files.readString(spec));
  }

  @Test
  void warnsAboutSecretsThatThisEnvironmentLacks() throws IOException {
    Path file = dir.resolve("cluster.yaml");
    Files.writeString(file, MINIMAL);

    TopologyLoader.Result result = TopologyLoader.create(TestEnvironment.empty()).load(file);

    assertThat(result.isValid()).isTrue();
    assertThat(result.diagnostics()).extracting(Diagnostic::toString).containsExactly(
        file + ":6:10: warning: 'confluence.license.env' names CONFLUENCE_LICENSE, which is not set here;"
            + " plan and apply will need it",
        file + ":10:16: warning: 'database.passwordEnv' names CONFLUENCE_DB_PASSWORD, which is not set here;"
            + " plan and apply will need it");
    assertThatThrownBy(() -> result.orThrow().confluence().license().read(TestEnvironment.empty()))
        .isInstanceOf(OrchestrateException.class)
        .hasMessageContaining("CONFLUENCE_LICENSE is not set")
        .extracting(e -> ((OrchestrateException) e).exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
  }

  @Test
  void anInvalidFileThrowsEveryErrorWithExitCodeFour() throws IOException {
    Path file = dir.resolve("cluster.yaml");
    Files.writeString(file, MINIMAL.replace("name: wiki", "name: wiki\n  colour: blue").replace("10.0.0.12", "10.0.0.11"));

    TopologyLoader.Result result = TopologyLoader.create(TestEnvironment.withSecrets()).load(file);

    assertThatThrownBy(result::orThrow)
        .isInstanceOfSatisfying(InvalidFileException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
          assertThat(e.diagnostics()).hasSize(2);
          assertThat(e.getMessage()).contains(":3:3: error: unknown key 'colour'", ":16:11: error: host '10.0.0.11' is used twice (first at line 14)");
        });
  }

  @Test
  void aMissingFileIsOneClearError() {
    TopologyLoader.Result result = TopologyLoader.create(TestEnvironment.withSecrets()).load(dir.resolve("nope.yaml"));

    assertThat(result.diagnostics()).extracting(Diagnostic::message).containsExactly("no such file");
  }

  @Test
  void secretsNeverPrintTheirValue() throws IOException {
    Topology topology = load(MINIMAL);

    Secret secret = topology.database().orElseThrow().password().read(TestEnvironment.withSecrets());
    assertThat(secret.reveal()).isEqualTo("test-password");
    assertThat(secret).hasToString("<secret>");
    assertThat(List.of(topology).toString()).doesNotContain("test-password", "test-license");
  }
}
