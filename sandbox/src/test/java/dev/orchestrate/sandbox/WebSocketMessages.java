package dev.orchestrate.sandbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client's side of a conversation, through the JDK's own client: whole text messages
 * and pongs as they arrive, and the close code once the server closes. Tests of Synchrony, direct
 * or through a load balancer, read what came back from it.
 */
public final class WebSocketMessages implements WebSocket.Listener {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> pongs = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();

  /** Opens a WebSocket on {@code uri} (ws://...) whose messages the returned listener collects. */
  public static Open open(URI uri) throws Exception {
    WebSocketMessages messages = new WebSocketMessages();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(WAIT)
        .buildAsync(uri, messages).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    return new Open(socket, messages);
  }

  /** A WebSocket and what came back on it. */
  public record Open(WebSocket socket, WebSocketMessages messages) {
    /** Sends {@code text} as one message and returns the next whole message that comes back. */
    public String echo(String text) throws Exception {
      socket.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      return messages.nextText();
    }
  }

  /** Sends {@code text} on a new WebSocket, returns the answer, and closes. */
  public static String echo(URI uri, String text) throws Exception {
    Open open = open(uri);
    try {
      return open.echo(text);
    } finally {
      open.socket().abort();
    }
  }

  /** Whether something accepts connections on {@code address:port}. */
  public static boolean listening(String address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The next whole text message; fails the test when none comes in time. */
  public String nextText() throws InterruptedException {
    return require(texts.poll(WAIT.toSeconds(), TimeUnit.SECONDS), "no text message came back");
  }

  /** The payload of the next pong, as text. */
  public String nextPong() throws InterruptedException {
    return require(pongs.poll(WAIT.toSeconds(), TimeUnit.SECONDS), "no pong came back");
  }

  /** The status code of the server's close. */
  public int closeCode() throws Exception {
    return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static String require(String value, String otherwise) {
    if (value == null) {
      throw new AssertionError(otherwise + " within " + WAIT.toSeconds() + " s");
    }
    return value;
  }

  @Override
  public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      texts.add(partial.toString());
      partial.setLength(0);
    }
    socket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket socket, ByteBuffer message) {
    pongs.add(StandardCharsets.UTF_8.decode(message).toString());
    socket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket socket, Throwable error) {
    closed.completeExceptionally(error);
  }
}
