package dev.orchestrate.sandbox.confluence;

import static dev.orchestrate.sandbox.WebSocketMessages.listening;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.sandbox.ServerInstallation;
import dev.orchestrate.sandbox.WebSocketMessages;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a load balancer in front of a simulated Server node meets: sessions that only the node that
 * made them knows, and lose when it restarts; pages that answer 503 until the node runs; managed
 * Synchrony on 8091 (with its 5701 and 25500) while the node runs, and not when Synchrony is
 * standalone or off. Nodes run in this JVM on 127.0.1.245 and 127.0.1.246.
 */
class NodeBehindABalancerTest {
  private static final String ADDRESS = "127.0.1.245";
  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/confluence";
  private static final String PASSWORD = "test-db-password";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  private Path install;
  private final List<ConfluenceNode> started = new ArrayList<>();

  @BeforeEach
  void installation() {
    SimulatedDatabase.of(dir.resolve("databases"), URL).create("confluence", PASSWORD);
    install = dir.resolve("host/install");
    ServerInstallation.write(install, dir.resolve("host/home"), new ServerInstallation.Settings(
        SimulatedLicense.create(SimulatedLicense.Edition.SERVER, "1"), URL, "confluence", PASSWORD, "private-key",
        "public-key", 8090, 300, 50_000, 7));
  }

  @AfterEach
  void stopAll() {
    started.forEach(ConfluenceNode::stop);
  }

  private ConfluenceNode start(String address, long startDelayMillis, Map<String, String> systemProperties)
      throws IOException {
    Properties system = new Properties();
    system.setProperty("sandbox.startDelayMillis", Long.toString(startDelayMillis));
    systemProperties.forEach(system::setProperty);
    ConfluenceNode node = ConfluenceNode.start(install, Map.of("SANDBOX_HOST_ADDRESS", address, "SANDBOX_HOST_ROOT",
        dir.resolve("host").toString(), "SANDBOX_DATABASES", dir.resolve("databases").toString()), system);
    started.add(node);
    return node;
  }

  private ConfluenceNode running(String address, Map<String, String> systemProperties) throws IOException {
    ConfluenceNode node = start(address, 300, systemProperties);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (node.state() == ConfluenceNode.State.STARTING && System.nanoTime() < deadline) {
      ConfluenceNodeTest.sleep(20);
    }
    assertThat(node.state()).as(log()).isEqualTo(ConfluenceNode.State.RUNNING);
    return node;
  }

  private String log() throws IOException {
    return Files.readString(dir.resolve("host/home/logs/atlassian-confluence.log"));
  }

  private static HttpResponse<String> page(String address, String path, Optional<String> cookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + address + ":8090" + path));
    cookie.ifPresent(c -> request.header("Cookie", c));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, String> fields(HttpResponse<String> page) {
    return Json.strings(page.body());
  }

  @Test
  void aSessionIsKeptByTheNodeThatMadeItAndCountsItsRequests() throws Exception {
    running(ADDRESS, Map.of());

    HttpResponse<String> first = page(ADDRESS, "/dashboard.action", Optional.empty());

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type")).hasValue("application/json");
    String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).matches("JSESSIONID=[0-9A-F]{32}; Path=/; HttpOnly");
    String id = setCookie.substring("JSESSIONID=".length(), setCookie.indexOf(';'));
    assertThat(first.body()).isEqualTo("{\"servedBy\":\"127.0.1.245\",\"session\":\"" + id + "\",\"newSession\":true,"
        + "\"requests\":1,\"path\":\"/dashboard.action\"}");

    HttpResponse<String> second = page(ADDRESS, "/display/DEMO", Optional.of("theme=dark; JSESSIONID=" + id));

    assertThat(second.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(second.body()).isEqualTo("{\"servedBy\":\"127.0.1.245\",\"session\":\"" + id + "\","
        + "\"newSession\":false,\"requests\":2,\"path\":\"/display/DEMO\"}");

    HttpResponse<String> unknown = page(ADDRESS, "/", Optional.of("JSESSIONID=0123456789ABCDEF0123456789ABCDEF"));

    assertThat(fields(unknown).get("session")).isNotEqualTo(id).isNotEqualTo("0123456789ABCDEF0123456789ABCDEF");
    assertThat(unknown.body()).contains("\"newSession\":true,\"requests\":1");
    assertThat(unknown.headers().firstValue("Set-Cookie")).hasValue("JSESSIONID=" + fields(unknown).get("session")
        + "; Path=/; HttpOnly");
  }

  @Test
  void aRestartedNodeKnowsNoSession() throws Exception {
    ConfluenceNode node = running(ADDRESS, Map.of());
    String id = fields(page(ADDRESS, "/", Optional.empty())).get("session");
    assertThat(page(ADDRESS, "/", Optional.of("JSESSIONID=" + id)).body()).contains("\"newSession\":false");

    node.stop();
    running(ADDRESS, Map.of());
    HttpResponse<String> again = page(ADDRESS, "/", Optional.of("JSESSIONID=" + id));

    assertThat(again.body()).contains("\"newSession\":true", "\"requests\":1");
    assertThat(fields(again).get("session")).isNotEqualTo(id);
  }

  @Test
  void untilItRunsANodeAnswersPages503WithItsStateAndRunsNoSynchrony() throws Exception {
    start(ADDRESS, Long.MAX_VALUE, Map.of());
    ConfluenceNodeTest.sleep(500);

    HttpResponse<String> page = page(ADDRESS, "/dashboard.action", Optional.empty());

    assertThat(page.statusCode()).isEqualTo(503);
    assertThat(page.body()).isEqualTo("{\"state\":\"STARTING\"}");
    assertThat(page.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(ConfluenceNodeTest.status(ADDRESS)).isEqualTo("{\"state\":\"STARTING\"}");
    assertThat(listening(ADDRESS, 8091)).isFalse();
  }

  @Test
  void aRunningServerNodeRunsManagedSynchronyUntilItStops() throws Exception {
    ConfluenceNode node = running(ADDRESS, Map.of());

    HttpResponse<String> heartbeat = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + ADDRESS
        + ":8091/synchrony/heartbeat")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(heartbeat.statusCode()).isEqualTo(200);
    assertThat(heartbeat.body()).isEqualTo("OK");
    assertThat(WebSocketMessages.echo(URI.create("ws://" + ADDRESS + ":8091/synchrony/v1/bayeux-sync1/x"), "edit"))
        .isEqualTo("127.0.1.245: edit");
    assertThat(listening(ADDRESS, 5701)).as("Synchrony's Hazelcast").isTrue();
    assertThat(listening(ADDRESS, 25500)).as("Synchrony's Aleph").isTrue();
    assertThat(listening(ADDRESS, 5801)).as("a Server node has no Hazelcast of its own").isFalse();

    node.stop();

    for (int port : new int[] {8090, 8091, 5701, 25500}) {
      assertThat(listening(ADDRESS, port)).as("port %d once stopped", port).isFalse();
    }
  }

  /** What orchestrate writes into setenv.sh for standalone Synchrony, and Confluence's switch to turn it off. */
  @ParameterizedTest
  @ValueSource(strings = {"synchrony.service.url=https://wiki.example.com/synchrony/v1", "synchrony.btf.disabled=true"})
  void aNodeToldOfStandaloneSynchronyOrToRunNoneRunsNone(String property) throws Exception {
    String[] nameAndValue = property.split("=", 2);
    running(ADDRESS, Map.of(nameAndValue[0], nameAndValue[1]));

    for (int port : new int[] {8091, 5701, 25500}) {
      assertThat(listening(ADDRESS, port)).as("port %d", port).isFalse();
    }
    assertThat(page(ADDRESS, "/", Optional.empty()).statusCode()).isEqualTo(200);
  }

  @Test
  void aSynchronyPortTakenIsAWarningAndTheNodeRunsWithoutIt() throws Exception {
    String address = "127.0.1.246";
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(address, 8091));

      running(address, Map.of());

      assertThat(log()).containsPattern(" WARN \\[[^]]*] \\[confluence.sandbox.ConfluenceNode] Synchrony: cannot listen"
          + " on 127.0.1.246:8091: .*; Confluence goes on without it");
      assertThat(listening(address, 5701)).isTrue();
      assertThat(page(address, "/", Optional.empty()).statusCode()).isEqualTo(200);
    }
  }
}
