package dev.orchestrate.sandbox.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.sandbox.CfgXml;
import dev.orchestrate.sandbox.ServerInstallation;
import dev.orchestrate.sandbox.WebSocketMessages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every configuration real Confluence refuses or breaks on brings a simulated node to ERROR, with
 * a log line that says why; a sound one reaches RUNNING. Nodes run in this JVM, each on its own
 * 127.0.1.x address, against a database directory of their own test.
 */
class ConfluenceNodeTest {
  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/confluence";
  private static final String PASSWORD = "test-db-password";
  private static final String SERVER = SimulatedLicense.create(SimulatedLicense.Edition.SERVER, "1");
  private static final String DATACENTER = SimulatedLicense.create(SimulatedLicense.Edition.DATACENTER, "2");

  @TempDir
  Path dir;

  private final List<ConfluenceNode> started = new ArrayList<>();

  @BeforeEach
  void database() {
    SimulatedDatabase.of(dir.resolve("databases"), URL).create("confluence", PASSWORD);
  }

  @AfterEach
  void stopAll() {
    started.forEach(ConfluenceNode::stop);
  }

  /** A node's installation and home under {@code host}, its cfg changed by {@code change}. */
  private Path install(String host, UnaryOperator<CfgXml> change) throws IOException {
    Path root = dir.resolve(host);
    Path install = root.resolve("install");
    Path home = root.resolve("home");
    ServerInstallation.write(install, home, new ServerInstallation.Settings(SERVER, URL, "confluence", PASSWORD,
        "private-key", "public-key", 8090, 300, 50_000, 7));
    Path cfg = home.resolve("confluence.cfg.xml");
    Files.writeString(cfg, change.apply(CfgXml.parse(Files.readString(cfg))).toString());
    return install;
  }

  private ConfluenceNode start(String address, Path install) throws IOException {
    return start(address, install, 300);
  }

  private ConfluenceNode start(String address, Path install, long startDelayMillis) throws IOException {
    Map<String, String> environment = new HashMap<>();
    environment.put("SANDBOX_HOST_ADDRESS", address);
    environment.put("SANDBOX_HOST_ROOT", install.getParent().toString());
    environment.put("SANDBOX_DATABASES", dir.resolve("databases").toString());
    Properties system = new Properties();
    system.setProperty("sandbox.startDelayMillis", Long.toString(startDelayMillis));
    ConfluenceNode node = ConfluenceNode.start(install, environment, system);
    started.add(node);
    return node;
  }

  private static ConfluenceNode.State await(ConfluenceNode node, ConfluenceNode.State wanted) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (node.state() != wanted && node.state() != ConfluenceNode.State.ERROR && System.nanoTime() < deadline) {
      sleep(20);
    }
    return node.state();
  }

  private String log(Path install) throws IOException {
    return Files.readString(install.getParent().resolve("home/logs/atlassian-confluence.log"));
  }

  private void assertRefused(Path install, String address, String because) throws IOException {
    ConfluenceNode node = start(address, install);

    assertThat(await(node, ConfluenceNode.State.RUNNING)).isEqualTo(ConfluenceNode.State.ERROR);
    assertThat(log(install)).contains(" ERROR [").contains(because);
    assertThat(status(address)).isEqualTo("{\"state\":\"ERROR\"}");
  }

  private CfgXml clustered(CfgXml cfg, String sharedHome) {
    return cfg.setAll(Map.of("atlassian.license.message", DATACENTER, "confluence.cluster", "true",
        "confluence.cluster.name", "wiki", "confluence.cluster.home", sharedHome,
        "confluence.cluster.join.type", "tcp_ip", "confluence.cluster.peers", "127.0.1.51,127.0.1.52,127.0.1.53"))
        .element("setupType", "cluster");
  }

  /** A clustered node whose home's Server content has moved to {@code shared}, as a migration leaves it. */
  private Path clusteredInstall(String host, Path shared, UnaryOperator<CfgXml> change) throws IOException {
    Files.createDirectories(shared);
    Path install = install(host, cfg -> change.apply(clustered(cfg, shared.toString())));
    Path home = install.getParent().resolve("home");
    moveContents(home.resolve("shared-home"), shared);
    moveContents(home.resolve("attachments"), shared.resolve("attachments"));
    return install;
  }

  /** Another node of the cluster, its home as a copy from the first would leave it (Server content gone). */
  private Path secondClusterNode(Path shared) throws IOException {
    Path second = install("second", cfg -> clustered(cfg, shared.toString()));
    moveContents(second.getParent().resolve("home/shared-home"), dir.resolve("second-leftovers"));
    moveContents(second.getParent().resolve("home/attachments"), dir.resolve("second-leftovers/attachments"));
    return second;
  }

  private static void moveContents(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (var entries = Files.list(from)) {
      for (Path entry : entries.toList()) {
        Files.move(entry, to.resolve(entry.getFileName()));
      }
    }
  }

  @Test
  void aSoundServerInstallationRuns() throws IOException {
    Path install = install("server", cfg -> cfg);
    ConfluenceNode node = start("127.0.1.51", install);

    assertThat(await(node, ConfluenceNode.State.RUNNING)).isEqualTo(ConfluenceNode.State.RUNNING);
    assertThat(log(install)).contains("Confluence is ready to serve").doesNotContain(" ERROR ");
    assertThat(status("127.0.1.51")).isEqualTo("{\"state\":\"RUNNING\"}");
  }

  /** Every file under the home's logs/ and index/, with its content. */
  private static Map<Path, String> logAndIndex(Path install) throws IOException {
    Path home = install.getParent().resolve("home");
    Map<Path, String> files = new TreeMap<>();
    for (Path dir : List.of(home.resolve("logs"), home.resolve("index"))) {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path file : walk.filter(Files::isRegularFile).toList()) {
          files.put(home.relativize(file), Files.readString(file));
        }
      }
    }
    return files;
  }

  private static Set<Path> changedBetween(Map<Path, String> before, Map<Path, String> after) {
    Set<Path> changed = new TreeSet<>(before.keySet());
    changed.addAll(after.keySet());
    changed.removeIf(file -> Objects.equals(before.get(file), after.get(file)));
    return changed;
  }

  @Test
  void aRunningNodeWritesItsLogAndIndexWithoutPauseUntilItStops() throws IOException {
    Path install = install("busy", cfg -> cfg);
    ConfluenceNode node = start("127.0.1.51", install);
    assertThat(await(node, ConfluenceNode.State.RUNNING)).isEqualTo(ConfluenceNode.State.RUNNING);

    Map<Path, String> first = logAndIndex(install);
    sleep(500);
    Map<Path, String> second = logAndIndex(install);
    node.stop();
    Map<Path, String> stopped = logAndIndex(install);
    sleep(500);
    Map<Path, String> later = logAndIndex(install);

    assertThat(changedBetween(first, second)).contains(Path.of("logs/atlassian-confluence.log"))
        .anyMatch(file -> file.startsWith("index"));
    assertThat(changedBetween(stopped, later)).as("a stopped node writes nothing").isEmpty();
  }

  @Test
  void aNodeThatNeverFinishesStartingStaysStartingAndWritesAllTheSame() throws IOException {
    Path install = install("slow", cfg -> cfg);
    ConfluenceNode node = start("127.0.1.51", install, Long.MAX_VALUE);

    Map<Path, String> first = logAndIndex(install);
    sleep(1500);

    assertThat(node.state()).isEqualTo(ConfluenceNode.State.STARTING);
    assertThat(status("127.0.1.51")).isEqualTo("{\"state\":\"STARTING\"}");
    assertThat(changedBetween(first, logAndIndex(install))).contains(Path.of("logs/atlassian-confluence.log"))
        .anyMatch(file -> file.startsWith("index"));
  }

  @Test
  void theIndexKeepsAFewSmallSegmentsHoweverLongItRuns() throws IOException {
    Path index = dir.resolve("index");
    IndexWriter writer = new IndexWriter(index);

    for (int i = 0; i < 1000; i++) {
      writer.add("document " + i);
    }

    try (Stream<Path> files = Files.list(index)) {
      List<String> names = files.map(file -> file.getFileName().toString()).toList();
      assertThat(names).filteredOn(name -> name.endsWith(".cfs")).hasSize(IndexWriter.SEGMENTS_KEPT);
      assertThat(names).filteredOn(name -> name.startsWith("segments_")).containsExactly("segments_2s");
    }
    try (Stream<Path> files = Files.list(index)) {
      assertThat(files.mapToLong(file -> file.toFile().length()).sum()).isLessThan(4096);
    }
  }

  @Test
  void refusesAnIncompleteSetup() throws IOException {
    assertRefused(install("setup", cfg -> cfg.element("setupStep", "setupstart")), "127.0.1.51",
        "Confluence setup is not complete: setupStep is 'setupstart'");
  }

  @Test
  void refusesToRunWithoutALicense() throws IOException {
    assertRefused(install("nolicense", cfg -> cfg.remove("atlassian.license.message")), "127.0.1.51",
        "No license is installed");
  }

  @Test
  void refusesADatabaseLoginThatFails() throws IOException {
    assertRefused(install("wrongpassword", cfg -> cfg.set("hibernate.connection.password", "wrong")), "127.0.1.51",
        "password authentication failed for user \"confluence\"");
  }

  @Test
  void refusesToClusterWithAServerLicense() throws IOException {
    Path shared = dir.resolve("shared");
    assertRefused(clusteredInstall("serverlicense", shared,
        cfg -> cfg.set("atlassian.license.message", SERVER)), "127.0.1.51", "a cluster needs a Data Center license");
  }

  @Test
  void refusesAClusterWithoutASharedHome() throws IOException {
    assertRefused(clusteredInstall("noshared", dir.resolve("shared"), cfg -> cfg.remove("confluence.cluster.home")),
        "127.0.1.51", "The cluster's shared home (confluence.cluster.home) is not set");
  }

  @Test
  void refusesASharedHomeThatIsNotAbsolute() throws IOException {
    assertRefused(clusteredInstall("relative", dir.resolve("shared"),
        cfg -> cfg.set("confluence.cluster.home", "shared-home")), "127.0.1.51", "is not an absolute path");
  }

  @Test
  void refusesASharedHomeThatIsTheLocalHome() throws IOException {
    Path home = dir.resolve("same/home");
    assertRefused(clusteredInstall("same", dir.resolve("shared"),
        cfg -> cfg.set("confluence.cluster.home", home.toString())), "127.0.1.51",
        "Shared home directory cannot be in the same location as home directory.");
  }

  @Test
  void refusesASharedHomeThatDoesNotExist() throws IOException {
    assertRefused(clusteredInstall("missing", dir.resolve("shared"),
        cfg -> cfg.set("confluence.cluster.home", dir.resolve("nowhere").toString())), "127.0.1.51",
        "does not exist or is not a directory");
  }

  @Test
  void refusesServerContentLeftInTheLocalHome() throws IOException {
    Path shared = Files.createDirectories(dir.resolve("shared"));
    Path install = install("leftovers", cfg -> clustered(cfg, shared.toString()));

    assertRefused(install, "127.0.1.51", "Found content in " + install.getParent().resolve("home/shared-home")
        + " beside the cluster's shared home");
  }

  @Test
  void refusesAttachmentsLeftInTheLocalHome() throws IOException {
    Path shared = Files.createDirectories(dir.resolve("shared"));
    Path install = install("attachments", cfg -> clustered(cfg, shared.toString()));
    moveContents(install.getParent().resolve("home/shared-home"), shared);

    assertRefused(install, "127.0.1.51", "Found content in " + install.getParent().resolve("home/attachments"));
  }

  @Test
  void refusesPeersThatDoNotListThisNode() throws IOException {
    assertRefused(clusteredInstall("peers", dir.resolve("shared"),
        cfg -> cfg.set("confluence.cluster.peers", "127.0.1.52,127.0.1.53")), "127.0.1.51",
        "does not list this node's address 127.0.1.51");
  }

  @Test
  void refusesAHomeOnAnotherMachine() throws IOException {
    Path install = install("copied", cfg -> cfg);
    Path otherHome = dir.resolve("elsewhere/home");
    Files.createDirectories(otherHome);
    Files.writeString(install.resolve(NodeSettings.INIT_PROPERTIES), "confluence.home=" + otherHome + "\n");
    ConfluenceNode node = start("127.0.1.51", install);

    assertThat(await(node, ConfluenceNode.State.RUNNING)).isEqualTo(ConfluenceNode.State.ERROR);
    assertThat(Files.readString(otherHome.resolve("logs/atlassian-confluence.log")))
        .contains("Confluence home directory " + otherHome + " does not exist on this machine");
  }

  /**
   * The fault a test places and an admin removes: each start while it lies beside the home fails
   * with its first line; once it is gone the next start serves; a node already RUNNING keeps running.
   */
  @Test
  void aStartFaultBesideTheHomeRefusesEachStartUntilItIsRemoved() throws IOException {
    Path install = install("faulty", cfg -> cfg);
    Path fault = install.getParent().resolve(NodeSettings.START_FAULT);
    Files.writeString(fault, "Address already in use: bind 127.0.1.61:8000 (Tomcat's shutdown port)\nsecond line\n");

    ConfluenceNode refused = start("127.0.1.61", install);

    assertThat(await(refused, ConfluenceNode.State.RUNNING)).isEqualTo(ConfluenceNode.State.ERROR);
    assertThat(log(install)).contains(" ERROR [", "Address already in use: bind 127.0.1.61:8000 (Tomcat's shutdown"
        + " port) (sandbox start fault " + fault + "; remove it, then start the node again)")
        .doesNotContain("second line");
    refused.stop();

    Files.writeString(fault, "");
    ConfluenceNode refusedAgain = start("127.0.1.61", install);

    assertThat(await(refusedAgain, ConfluenceNode.State.RUNNING)).isEqualTo(ConfluenceNode.State.ERROR);
    assertThat(log(install)).contains(" ERROR [",
        "Confluence cannot start on this machine (sandbox start fault " + fault);
    refusedAgain.stop();

    Files.delete(fault);
    ConfluenceNode cured = start("127.0.1.61", install);

    assertThat(await(cured, ConfluenceNode.State.RUNNING)).as(log(install)).isEqualTo(ConfluenceNode.State.RUNNING);
    Files.writeString(fault, "placed while it runs\n");
    sleep(500);
    assertThat(cured.state()).isEqualTo(ConfluenceNode.State.RUNNING);
    assertThat(status("127.0.1.61")).isEqualTo("{\"state\":\"RUNNING\"}");
    assertThat(log(install)).doesNotContain("placed while it runs");
  }

  @Test
  void twoInstancesOnOneDatabaseThatAreNotOneClusterBothPanic() throws IOException {
    Path server = install("server", cfg -> cfg);
    ConfluenceNode serverNode = start("127.0.1.51", server);
    assertThat(await(serverNode, ConfluenceNode.State.RUNNING)).isEqualTo(ConfluenceNode.State.RUNNING);

    Path cluster = clusteredInstall("clustered", dir.resolve("shared"), cfg -> cfg);
    ConfluenceNode clusterNode = start("127.0.1.52", cluster);

    assertThat(await(clusterNode, ConfluenceNode.State.RUNNING)).isEqualTo(ConfluenceNode.State.ERROR);
    assertThat(await(serverNode, ConfluenceNode.State.ERROR)).isEqualTo(ConfluenceNode.State.ERROR);
    for (Path install : List.of(server, cluster)) {
      assertThat(log(install)).contains("Database is being updated by an instance which is not part of the current"
          + " cluster");
    }
    assertThat(WebSocketMessages.listening("127.0.1.52", 5801)).as("Hazelcast of a node in ERROR").isFalse();
  }

  @Test
  void twoNodesOfOneClusterStartingTogetherBothFail() throws IOException {
    Path shared = dir.resolve("shared");
    Path first = clusteredInstall("first", shared, cfg -> cfg);
    Path second = secondClusterNode(shared);

    ConfluenceNode one = start("127.0.1.51", first);
    ConfluenceNode two = start("127.0.1.52", second);

    assertThat(await(one, ConfluenceNode.State.RUNNING)).isEqualTo(ConfluenceNode.State.ERROR);
    assertThat(await(two, ConfluenceNode.State.RUNNING)).isEqualTo(ConfluenceNode.State.ERROR);
    assertThat(log(first)).contains("is starting at the same time");
    assertThat(log(second)).contains("is starting at the same time");
  }

  @Test
  void nodesOfOneClusterStartedOneAfterTheOtherShareTheirPages() throws Exception {
    Path shared = dir.resolve("shared");
    Path first = clusteredInstall("first", shared, cfg -> cfg);
    Path second = secondClusterNode(shared);

    ConfluenceNode one = start("127.0.1.51", first);
    assertThat(await(one, ConfluenceNode.State.RUNNING)).as(log(first)).isEqualTo(ConfluenceNode.State.RUNNING);
    ConfluenceNode two = start("127.0.1.52", second);
    assertThat(await(two, ConfluenceNode.State.RUNNING)).as(log(second)).isEqualTo(ConfluenceNode.State.RUNNING);

    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.1.51:8090/rest/api/content"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Cluster test\",\"body\":\"written on node 1\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> found = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.1.52:8090/rest/api/content?title=Cluster%20test")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(created.statusCode()).isEqualTo(200);
    assertThat(found.body()).contains("\"body\":\"written on node 1\"", "\"servedBy\":\"127.0.1.52\"");
    assertThat(one.state()).isEqualTo(ConfluenceNode.State.RUNNING);
    for (String address : List.of("127.0.1.51", "127.0.1.52")) {
      assertThat(WebSocketMessages.listening(address, 5801)).as("Hazelcast of %s", address).isTrue();
    }
  }

  static String status(String address) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + address + ":8090/status"))
          .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
    } catch (IOException e) {
      return "unreachable: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
