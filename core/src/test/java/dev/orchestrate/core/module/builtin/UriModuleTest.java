package dev.orchestrate.core.module.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.transport.CommandResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UriModuleTest {
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final Hosts hosts = Hosts.local(Path.of("/"));
  private HttpServer server;
  private String base;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/status", exchange -> respond(exchange, 200, "application/json; charset=utf-8",
        "{\"state\":\"RUNNING\",\"nodes\":[1,2]}"));
    server.createContext("/missing", exchange -> respond(exchange, 404, "text/plain", "no such page"));
    server.createContext("/echo", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type") + " "
          + exchange.getRequestHeaders().getFirst("X-Token") + " " + body);
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      if (authorization != null) {
        received.add(new String(Base64.getDecoder().decode(authorization.substring("Basic ".length())),
            StandardCharsets.UTF_8));
      }
      respond(exchange, 201, "text/plain", "made");
    });
    server.createContext("/moved", exchange -> {
      exchange.getResponseHeaders().add("Location", base + "/status");
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private ModuleResult uri(Map<String, Object> arguments) {
    return new UriModule().execute(hosts.call(arguments));
  }

  @Test
  void aJsonResponseIsParsedIntoJson() {
    ModuleResult result = uri(Map.of("url", base + "/status"));

    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(result.changed()).isFalse();
    assertThat(result.message()).isEqualTo("OK (33 bytes)");
    assertThat(result.fields()).containsEntry("status", 200)
        .containsEntry("json", Map.of("state", "RUNNING", "nodes", List.of(1, 2)))
        .containsEntry("content_type", "application/json; charset=utf-8")
        .containsEntry("url", base + "/status")
        .containsEntry("redirected", false)
        .doesNotContainKey("content");
  }

  @Test
  void aStatusOutsideStatusCodeFails() {
    ModuleResult result = uri(Map.of("url", base + "/missing", "return_content", true));

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).isEqualTo("Status code was 404 and not [200]: HTTP Error 404: Not Found");
    assertThat(result.fields()).containsEntry("status", 404).containsEntry("content", "no such page");
  }

  @Test
  void statusCodeTakesAList() {
    assertThat(uri(Map.of("url", base + "/missing", "status_code", List.of(200, 404))).failed()).isFalse();
    assertThat(uri(Map.of("url", base + "/missing", "status_code", "200, 404")).failed()).isFalse();
  }

  @Test
  void aJsonBodyGoesOnStdinWithItsSecretRevealedThereOnly() {
    ModuleResult result = uri(Map.of("url", base + "/echo", "method", "POST", "body_format", "json",
        "body", Map.of("password", "((secret:db_password))"), "headers", Map.of("X-Token", "((secret:db_password))"),
        "status_code", 201, "return_content", true));

    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(result.fields()).containsEntry("content", "made");
    String escaped = Hosts.SECRET.replace("\"", "\\\"");
    assertThat(received)
        .containsExactly("POST application/json " + Hosts.SECRET + " {\"password\":\"" + escaped + "\"}");
    assertThat(hosts.scripts()).doesNotContain(Hosts.SECRET);
  }

  @Test
  void credentialsGoToCurlsConfigNotItsCommandLine() {
    ModuleResult result = uri(Map.of("url", base + "/echo", "url_username", "admin",
        "url_password", "((secret:db_password))", "status_code", 201));

    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(received).contains("admin:" + Hosts.SECRET);
    assertThat(hosts.scripts()).doesNotContain(Hosts.SECRET);
  }

  @Test
  void aRawBodyStartingWithAtIsSentAsItIsWithUrllibsDefaultType() {
    uri(Map.of("url", base + "/echo", "method", "PUT", "body", "@/etc/passwd", "status_code", 201));

    assertThat(received).containsExactly("PUT application/x-www-form-urlencoded null @/etc/passwd");
  }

  @Test
  void redirectsOfAGetAreFollowed() {
    ModuleResult result = uri(Map.of("url", base + "/moved"));

    assertThat(result.fields()).containsEntry("status", 200).containsEntry("redirected", true)
        .containsEntry("url", base + "/status");
  }

  @Test
  void anUnreachableUrlFailsWithStatusMinusOne() {
    server.stop(0);

    ModuleResult result = uri(Map.of("url", base + "/status", "timeout", 5));

    assertThat(result.failed()).isTrue();
    assertThat(result.fields()).containsEntry("status", -1);
    assertThat(result.message()).startsWith("Status code was -1 and not [200]: Request failed: curl: (7)");
  }

  @Test
  void checkModeSendsOnlyGets() {
    Hosts checking = Hosts.local(Path.of("/")).checkMode(true);

    ModuleResult post =
        new UriModule().execute(checking.call(Map.of("url", base + "/echo", "method", "POST", "body", "x")));
    ModuleResult get = new UriModule().execute(checking.call(Map.of("url", base + "/status")));

    assertThat(post.changed()).isFalse();
    assertThat(post.message()).isEqualTo("skipped, running in check mode");
    assertThat(received).isEmpty();
    assertThat(get.fields()).containsEntry("status", 200);
  }

  @Test
  void wgetsServerResponseIsReadAndItsOwnChatterIgnored() {
    String marker = "orchestrate-m";
    String output = "wget 8\n" + marker + "-headers\n"
        + "--2026-01-01 00:00:00--  http://h/x\nConnecting to h... connected.\n"
        + "  HTTP/1.1 503 Service Unavailable\n  Content-Type: text/plain\n  Retry-After: 5\n"
        + "2026-01-01 00:00:00 ERROR 503: Service Unavailable.\n\n" + marker + "-error\n\n" + marker + "-body\n";

    UriModule.Exchange exchange = UriModule.Exchange.parse(
        new CommandResult(0, output, "", false, Duration.ofMillis(1500)), marker);

    assertThat(exchange.status()).isEqualTo(503);
    assertThat(exchange.reason()).isEqualTo("Service Unavailable");
    assertThat(exchange.headers()).isEqualTo(Map.of("content_type", "text/plain", "retry_after", "5"));
    assertThat(exchange.body()).isEmpty();
  }
}
