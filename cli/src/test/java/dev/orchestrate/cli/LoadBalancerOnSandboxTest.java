package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrate.core.topology.LoadBalancer;
import dev.orchestrate.sandbox.Sandbox;
import dev.orchestrate.sandbox.WebSocketMessages;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The configurations {@code orchestrate lb-config} writes, run by the real servers. First each
 * kind's {@code --check}: the server's own syntax check passes for http and https, managed and
 * standalone Synchrony and none, complete files and snippets, and fails with the server's words for
 * a certificate that is not there. Then, in front of one sandbox cluster made Data Center by {@code
 * apply} (node1-3 on 127.0.1.96-98), nginx, HAProxy and Apache httpd in turn on 127.0.1.99, each on
 * its own port: HAProxy's runtime API shows every node by name with its /status check passed, a
 * user's session stays on one node, new users spread over all three, the users of
 * a stopped node are served by a live one at once and stay there, and a WebSocket under
 * /synchrony reaches a node's managed Synchrony and carries messages both ways.
 */
class LoadBalancerOnSandboxTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BALANCER = "127.0.1.99";
  private static final List<String> NODES = List.of("127.0.1.96", "127.0.1.97", "127.0.1.98");

  @TempDir
  Path dir;

  private static int port(LoadBalancer.Kind kind) {
    return switch (kind) {
      case NGINX -> 8081;
      case HAPROXY -> 8082;
      case APACHE -> 8083;
    };
  }

  @ParameterizedTest
  @EnumSource(LoadBalancer.Kind.class)
  void theServersOwnCheckPassesForHttpHttpsEverySynchronyAndSnippets(LoadBalancer.Kind kind) throws Exception {
    RealBalancer.requireServers();
    Certificate certificate = Certificate.selfSigned(dir, BALANCER);
    // The key in a file of its own (HAProxy finds it beside the certificate by its name), and for HAProxy in one file.
    String separate = "  certificate: " + certificate.certificate() + "\n  certificateKey: " + certificate.key() + "\n";
    String together = kind == LoadBalancer.Kind.HAPROXY ? "  certificate: " + certificate.combined() + "\n" : separate;
    List<String> variants = List.of(
        "loadBalancer:\n  url: http://" + BALANCER + ":" + port(kind) + "\n",
        "loadBalancer:\n  url: https://" + BALANCER + ":8443/confluence\n" + separate,
        STANDALONE + "loadBalancer:\n  url: http://wiki.example.com\n",
        "synchrony:\n  mode: \"off\"\nloadBalancer:\n  url: https://wiki.example.com\n" + together);
    for (String variant : variants) {
      Path yaml = clusterYaml(variant + "  kind: " + kind.yamlName() + "\n");
      Path out = dir.resolve(kind.yamlName() + ".conf");
      CliTest.Run complete = CliTest.run("lb-config", yaml.toString(), "--out", out.toString(), "--check");
      assertThat(complete.exitCode()).as(variant + complete.err()).isZero();
      assertThat(complete.err()).contains("Checked: ", " passed.");
      CliTest.Run snippet = CliTest.run("lb-config", yaml.toString(), "--snippet", "--check");
      assertThat(snippet.exitCode()).as(variant + snippet.err()).isZero();
      assertThat(unindented(Files.readString(out))).as("the complete file holds the snippet")
          .contains(unindented(snippet.out()));
    }
    Path missing = clusterYaml("loadBalancer:\n  url: https://wiki.example.com\n  certificate: " + dir.resolve("none.pem")
        + "\n  kind: " + kind.yamlName() + "\n");
    CliTest.Run failed = CliTest.run("lb-config", missing.toString(), "--check");
    assertThat(failed.exitCode()).as(failed.err()).isEqualTo(1);
    assertThat(failed.err()).contains("none.pem", "The check failed: ");
  }

  private static String unindented(String text) {
    return text.replaceAll("(?m)^[ ]+", "");
  }

  private static final String STANDALONE = """
      synchrony:
        mode: standalone
        url: http://wiki.example.com/synchrony
        port: 8095
        hosts: [node2, node3]
      """;

  /** A valid cluster.yaml of three nodes on the test's addresses, with {@code sections} added. */
  private Path clusterYaml(String sections) throws IOException {
    Path licenses = Files.createDirectories(dir.resolve("licenses"));
    Files.writeString(licenses.resolve("datacenter.txt"), "AAAB-test-license\n");
    Files.writeString(dir.resolve("db-password"), "secret\n");
    Path yaml = Files.createTempFile(dir, "cluster", ".yaml");
    Files.writeString(yaml, """
        cluster:
          name: lb-test
        confluence:
          sharedHome: /media/shared
          license:
            file: licenses/datacenter.txt
        database:
          url: jdbc:postgresql://db:5432/confluence
          username: confluence
          passwordFile: db-password
        nodes:
          - name: node1
            host: 127.0.1.96
          - name: node2
            host: 127.0.1.97
          - name: node3
            host: 127.0.1.98
        """ + sections);
    return yaml;
  }

  /** A self-signed certificate made with the JDK's keytool, written as PEM files as the servers read them. */
  record Certificate(Path certificate, Path key, Path combined) {
    static Certificate selfSigned(Path dir, String host) throws Exception {
      Path store = dir.resolve("balancer.p12");
      Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
          "-genkeypair", "-alias", "balancer", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
          "-dname", "CN=" + host, "-ext", "san=ip:" + host, "-storetype", "PKCS12", "-keystore", store.toString(),
          "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
      String said = new String(keytool.getInputStream().readAllBytes());
      assertThat(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0).as(said).isTrue();
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (var in = Files.newInputStream(store)) {
        keys.load(in, "changeit".toCharArray());
      }
      String certificate = pem("CERTIFICATE", keys.getCertificate("balancer").getEncoded());
      String key = pem("PRIVATE KEY", keys.getKey("balancer", "changeit".toCharArray()).getEncoded());
      Path certificateFile = Files.writeString(dir.resolve("balancer.pem"), certificate);
      Path keyFile = Files.writeString(dir.resolve("balancer.pem.key"), key);
      Path combined = Files.writeString(dir.resolve("balancer-with-key.pem"), certificate + key);
      return new Certificate(certificateFile, keyFile, combined);
    }

    private static String pem(String type, byte[] der) {
      return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
          + "\n-----END " + type + "-----\n";
    }
  }

  /**
   * One sandbox cluster behind each balancer in turn; one server runs at a time and is stopped
   * after its part, and the node each part stops is started again before the next.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class InFrontOfASandboxCluster {
    private Path work;
    private Path sandboxDir;
    private Sandbox.Status sandbox;

    @BeforeAll
    void aDataCenterClusterOfThreeNodes(@TempDir Path temporary) throws Exception {
      RealBalancer.requireServers();
      work = temporary;
      sandboxDir = work.resolve("sandbox");
      sandbox = SandboxHosts.up(sandboxDir, NODES.get(0), 3, 1);
      CliTest.Run apply = CliTest.run("apply", sandbox.layout().clusterYaml().toString(), "--yes");
      assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
      for (String node : NODES) {
        assertThat(Sandbox.confluenceState(node, 8090)).as(node).isEqualTo("RUNNING");
      }
    }

    @AfterAll
    void down() {
      if (sandboxDir != null) {
        Sandbox.down(sandboxDir);
      }
    }

    @Test
    @Order(1)
    void nginx() throws Exception {
      inFrontOfTheCluster(LoadBalancer.Kind.NGINX);
    }

    @Test
    @Order(2)
    void haproxy() throws Exception {
      inFrontOfTheCluster(LoadBalancer.Kind.HAPROXY);
    }

    @Test
    @Order(3)
    void apache() throws Exception {
      inFrontOfTheCluster(LoadBalancer.Kind.APACHE);
    }

    private void inFrontOfTheCluster(LoadBalancer.Kind kind) throws Exception {
      int port = port(kind);
      Path yaml = sandboxDir.resolve("cluster-" + kind.yamlName() + ".yaml");
      Path runtimeApi = work.resolve("haproxy-admin.sock");
      Files.writeString(yaml, Files.readString(sandbox.layout().clusterYaml()) + "loadBalancer:\n  url: http://"
          + BALANCER + ":" + port + "\n  kind: " + kind.yamlName() + "\n" + (kind == LoadBalancer.Kind.HAPROXY
              ? "  admin:\n    host: " + BALANCER + "\n    runtimeApi: " + runtimeApi + "\n" : ""));
      Path config = work.resolve(kind.yamlName() + ".conf");
      CliTest.Run written = CliTest.run("lb-config", yaml.toString(), "--out", config.toString());
      assertThat(written.exitCode()).as(written.err()).isZero();
      String base = "http://" + BALANCER + ":" + port;
      try (RealBalancer balancer = RealBalancer.start(kind, config, BALANCER, port, work)) {
        try {
          if (kind == LoadBalancer.Kind.HAPROXY) {
            everyNodePassesItsCheckByName(runtimeApi);
          }
          // First, while the balancer has counted no request: Apache's byrequests evens out counts, not users.
          newUsersSpreadOverEveryNode(base);
          aSessionStaysOnItsNode(base);
          aWebSocketReachesSynchronyBothWays(base);
          theUsersOfAStoppedNodeMoveToALiveOne(base);
        } catch (AssertionError | Exception e) {
          throw new AssertionError(kind.yamlName() + " in front of the cluster: " + e.getMessage() + "\n"
              + kind.yamlName() + " said:\n" + balancer.log(), e);
        } finally {
          startStoppedNodes();
        }
      }
    }

    private void aSessionStaysOnItsNode(String base) throws Exception {
      User user = new User(base);
      Page first = user.get("/dashboard.action");
      assertThat(first.newSession()).isTrue();
      for (int n = 2; n <= 20; n++) {
        Page page = user.get("/pages/viewpage.action?pageId=" + n);
        assertThat(page.servedBy()).as("request %d", n).isEqualTo(first.servedBy());
        assertThat(page.session()).isEqualTo(first.session());
        assertThat(page.newSession()).isFalse();
        assertThat(page.requests()).isEqualTo(n);
      }
    }

    /**
     * HAProxy's own view through the runtime API the draining steps use: the backend confluence
     * holds node1-3 by name, and each has passed its check, which reads RUNNING in /status.
     */
    private void everyNodePassesItsCheckByName(Path runtimeApi) throws Exception {
      Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
      List<String> checks;
      do {
        Thread.sleep(100);
        checks = RealBalancer.showStat(runtimeApi, "confluence").stream()
            .map(row -> row.get("svname") + " " + row.get("status") + " " + row.get("check_status")).toList();
      } while (!checks.stream().allMatch(c -> c.endsWith("UP L7OK")) && Instant.now().isBefore(deadline));
      assertThat(checks).containsExactly("node1 UP L7OK", "node2 UP L7OK", "node3 UP L7OK");
    }

    private void newUsersSpreadOverEveryNode(String base) throws Exception {
      Set<String> nodes = new HashSet<>();
      for (int n = 0; n < 12; n++) {
        nodes.add(new User(base).get("/dashboard.action").servedBy());
      }
      assertThat(nodes).as("the nodes 12 new users landed on").containsExactlyInAnyOrderElementsOf(NODES);
    }

    private void aWebSocketReachesSynchronyBothWays(String base) throws Exception {
      for (int n = 0; n < 3; n++) {
        WebSocketMessages.Open socket = WebSocketMessages.open(
            URI.create(base.replace("http:", "ws:") + "/synchrony/v1/bayeux-sync1/test-" + n));
        String answer = socket.echo("hello " + n);
        assertThat(answer).matches("127\\.0\\.1\\.9[678]: hello " + n);
        assertThat(socket.echo("again")).isEqualTo(answer.substring(0, answer.indexOf(':')) + ": again");
        socket.socket().sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
      }
    }

    private void theUsersOfAStoppedNodeMoveToALiveOne(String base) throws Exception {
      List<User> users = new ArrayList<>();
      List<Page> before = new ArrayList<>();
      for (int n = 0; n < 9; n++) {
        User user = new User(base);
        users.add(user);
        before.add(user.get("/dashboard.action"));
      }
      String stopped = before.get(0).servedBy();
      SandboxHosts.stopConfluence(sandboxDir, NODES.indexOf(stopped) + 1);
      assertThat(Sandbox.confluenceState(stopped, 8090)).isEqualTo("not running");
      for (int n = 0; n < users.size(); n++) {
        Instant asked = Instant.now();
        Page after = users.get(n).get("/dashboard.action");
        assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(5));
        if (before.get(n).servedBy().equals(stopped)) {
          assertThat(after.servedBy()).isIn(NODES).isNotEqualTo(stopped);
          assertThat(after.newSession()).isTrue();
          Page again = users.get(n).get("/dashboard.action");
          assertThat(again.servedBy()).as("the node that took the user over").isEqualTo(after.servedBy());
          assertThat(again.session()).isEqualTo(after.session());
        } else {
          assertThat(after.servedBy()).isEqualTo(before.get(n).servedBy());
          assertThat(after.session()).isEqualTo(before.get(n).session());
        }
      }
    }

    /** Starts again, through orchestrate and one at a time, each node a part stopped. */
    private void startStoppedNodes() throws Exception {
      for (int k = 1; k <= NODES.size(); k++) {
        if (!Sandbox.confluenceState(NODES.get(k - 1), 8090).equals("RUNNING")) {
          startNode(k);
        }
      }
    }

    private void startNode(int k) throws Exception {
      SandboxHosts.startConfluence(sandbox.layout().clusterYaml(), work, "node" + k);
      assertThat(Sandbox.confluenceState(NODES.get(k - 1), 8090)).isEqualTo("RUNNING");
    }
  }

  /** What a simulated node's page says about who served it. */
  record Page(String servedBy, String session, boolean newSession, int requests) {}

  /** One browser: its own cookies, kept across its requests. */
  static final class User {
    final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
        .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    User(String base) {
      this.base = base;
    }

    Page get(String path) throws Exception {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
      JsonNode page = JSON.readTree(response.body());
      return new Page(page.path("servedBy").asText(), page.path("session").asText(),
          page.path("newSession").asBoolean(), page.path("requests").asInt());
    }
  }
}
