package synchrony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.orchestrate.sandbox.WebSocketMessages;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Synchrony's endpoint as a load balancer, a browser and a port probe meet it: the heartbeat, the
 * WebSocket echo under the context path with the address in front (every length form, fragments,
 * ping, close), and ports that are free again once closed.
 */
class EndpointTest {
  private static final String ADDRESS = "127.0.1.244";
  private static final int PORT = 8091;
  private static final URI SOCKET = URI.create("ws://" + ADDRESS + ":" + PORT + "/synchrony/v1/bayeux-sync1/x");

  private Endpoint endpoint;

  @BeforeEach
  void open() throws IOException {
    endpoint = Endpoint.open(ADDRESS, PORT, "/synchrony/");
  }

  @AfterEach
  void close() {
    endpoint.close();
  }

  private static HttpResponse<String> get(String path, HttpClient.Version version) throws Exception {
    return HttpClient.newBuilder().version(version).build().send(HttpRequest.newBuilder(
        URI.create("http://" + ADDRESS + ":" + PORT + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** HTTP/2 on plain http asks to upgrade to h2c: that is not a WebSocket, and is answered in HTTP/1.1. */
  @ParameterizedTest
  @ValueSource(strings = {"HTTP_1_1", "HTTP_2"})
  void theHeartbeatAnswersOkWithItsLength(String version) throws Exception {
    HttpResponse<String> heartbeat = get("/synchrony/heartbeat", HttpClient.Version.valueOf(version));

    assertThat(heartbeat.statusCode()).isEqualTo(200);
    assertThat(heartbeat.body()).isEqualTo("OK");
    assertThat(heartbeat.headers().firstValue("Content-Length")).hasValue("2");
    assertThat(heartbeat.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
        .startsWith("text/plain"));
  }

  @Test
  void pathsOutsideTheHeartbeatAndWithoutAnUpgradeAreNotFound() throws Exception {
    assertThat(get("/synchrony/v1/bayeux-sync1/x", HttpClient.Version.HTTP_1_1).statusCode()).isEqualTo(404);
    assertThat(get("/heartbeat", HttpClient.Version.HTTP_1_1).statusCode()).isEqualTo(404);
  }

  @Test
  void aWebSocketUnderTheContextPathEchoesTextWithTheAddressInFront() throws Exception {
    assertThat(WebSocketMessages.echo(SOCKET, "hello")).isEqualTo("127.0.1.244: hello");
  }

  @Test
  void aWebSocketOutsideTheContextPathIsRefused() {
    URI outside = URI.create("ws://" + ADDRESS + ":" + PORT + "/elsewhere/v1");

    assertThat(catchThrowable(() -> WebSocketMessages.open(outside)))
        .isNotNull().hasStackTraceContaining("404");
  }

  /** 7-bit, 16-bit and 64-bit payload lengths, both ways; a message sent in fragments comes back whole. */
  @Test
  void messagesOfEveryLengthAndInFragmentsComeBackWhole() throws Exception {
    WebSocketMessages.Open open = WebSocketMessages.open(SOCKET);

    for (int length : new int[] {100, 1_000, 70_000}) {
      String text = "é".repeat(length / 2) + "x".repeat(length % 2);
      assertThat(open.echo(text)).as("%d characters", length).isEqualTo("127.0.1.244: " + text);
    }
    open.socket().sendText("frag", false).get(10, TimeUnit.SECONDS);
    open.socket().sendText("ment", false).get(10, TimeUnit.SECONDS);
    open.socket().sendText("ed", true).get(10, TimeUnit.SECONDS);
    assertThat(open.messages().nextText()).isEqualTo("127.0.1.244: fragmented");
    open.socket().abort();
  }

  @Test
  void aPingIsAnsweredWithAPongAndACloseWithAClose() throws Exception {
    WebSocketMessages.Open open = WebSocketMessages.open(SOCKET);

    open.socket().sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8)))
        .get(10, TimeUnit.SECONDS);
    assertThat(open.messages().nextPong()).isEqualTo("are you there");
    open.socket().sendClose(4000, "done").get(10, TimeUnit.SECONDS);

    assertThat(open.messages().closeCode()).isEqualTo(4000);
  }

  @Test
  void closingTellsEveryWebSocketTheServerGoesAwayAndFreesThePort() throws Exception {
    WebSocketMessages.Open open = WebSocketMessages.open(SOCKET);
    assertThat(open.echo("before")).isEqualTo("127.0.1.244: before");

    endpoint.close();

    assertThat(open.messages().closeCode()).isEqualTo(1001);
    assertThat(WebSocketMessages.listening(ADDRESS, PORT)).isFalse();
    endpoint = Endpoint.open(ADDRESS, PORT, "/synchrony");
    assertThat(WebSocketMessages.echo(SOCKET, "again")).isEqualTo("127.0.1.244: again");
  }

  @Test
  void aTakenPortIsRefusedNamingIt() {
    assertThat(catchThrowable(() -> Endpoint.open(ADDRESS, PORT, "/synchrony")))
        .isInstanceOf(IOException.class).hasMessageContaining("cannot listen on 127.0.1.244:8091");
  }

  /** The handshake of RFC 6455's own example, then a frame the protocol forbids: a client's, unmasked. */
  @Test
  void theHandshakeIsRfc6455sAndAnUnmaskedClientFrameIsAProtocolError() throws Exception {
    try (Socket socket = new Socket(ADDRESS, PORT)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /synchrony/v1/bayeux-sync1/x HTTP/1.1\r\nHost: wiki\r\nUpgrade: websocket\r\n"
          + "Connection: keep-alive, Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();

      assertThat(head(in)).startsWith("HTTP/1.1 101 ")
          .contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n");

      out.write(new byte[] {(byte) 0x81, 2, 'h', 'i'});
      out.flush();
      DataInputStream frames = new DataInputStream(in);
      assertThat(frames.readUnsignedByte()).as("FIN and close").isEqualTo(0x88);
      int length = frames.readUnsignedByte();
      assertThat(length & 0x80).as("a server frame is not masked").isZero();
      assertThat(frames.readUnsignedShort()).as("close code").isEqualTo(1002);
      assertThat(in.read(new byte[length - 2])).isEqualTo(length - 2);
      assertThat(in.read()).as("the connection ends").isEqualTo(-1);
    }
  }

  @Test
  void anOldWebSocketVersionIsAskedToUpgrade() throws Exception {
    try (Socket socket = new Socket(ADDRESS, PORT)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET /synchrony/x HTTP/1.1\r\nHost: wiki\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));

      assertThat(head(socket.getInputStream())).startsWith("HTTP/1.1 426 ").contains("Sec-WebSocket-Version: 13");
    }
  }

  @Test
  void anOpenPortAcceptsAndClosesThenIsFreedOnClose() throws Exception {
    OpenPort port = OpenPort.open(ADDRESS, 5701);
    try (Socket socket = new Socket(ADDRESS, 5701)) {
      socket.setSoTimeout(10_000);
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
    } finally {
      port.close();
    }

    assertThat(WebSocketMessages.listening(ADDRESS, 5701)).isFalse();
  }

  private static String head(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      head.append((char) c);
    }
    return head.toString();
  }
}
