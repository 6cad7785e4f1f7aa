package synchrony;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Synchrony's HTTP port, as a load balancer in front of it meets it: {@code <context
 * path>/heartbeat} answers {@code OK}, and a WebSocket opened anywhere under {@code <context
 * path>/} (such as {@code /synchrony/v1/bayeux-sync1/...}) echoes each text message back with
 * {@code "<address>: "} in front, so that whoever sits in front can tell which node answered.
 * Anything else is 404.
 *
 * <p>It is written on plain sockets because the JDK's HTTP server cannot hand a connection over to
 * a WebSocket. One daemon thread serves each connection. A plain answer carries its Content-Length
 * and closes the connection, which any HTTP/1.1 proxy can work with; a WebSocket stays open as long
 * as the client keeps it, with no idle timeout of its own. On {@link #close()} every WebSocket is
 * told the server is going away (close code 1001) and every connection ends.
 *
 * <p>Standalone Synchrony ({@link core}) and the simulated Confluence node's managed Synchrony both
 * run it; it lives in this package because synchrony-standalone.jar holds this package alone.
 */
public final class Endpoint implements AutoCloseable {
  /** RFC 6455, 1.3: appended to the client's key before hashing. */
  private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  /** A client that has not sent its request head by then is dropped; a WebSocket then has no timeout. */
  private static final int HEAD_TIMEOUT_MILLIS = 30_000;

  private final ServerSocket server;
  private final String address;
  private final String contextPath;
  private final Thread accepting;
  private final Map<Socket, Optional<EchoSocket>> connections = new ConcurrentHashMap<>();

  private Endpoint(ServerSocket server, int port, String address, String contextPath) {
    this.server = server;
    this.address = address;
    this.contextPath = contextPath;
    this.accepting = OpenPort.daemon("synchrony-http-" + port, this::acceptConnections);
  }

  /**
   * Serves on {@code address:port} until {@link #close()}.
   *
   * @param contextPath where Synchrony's paths start, such as {@code /synchrony}; a trailing slash is ignored
   * @throws IOException when the port cannot be bound, typically because something else holds it
   */
  public static Endpoint open(String address, int port, String contextPath) throws IOException {
    String context = contextPath.endsWith("/") ? contextPath.substring(0, contextPath.length() - 1) : contextPath;
    Endpoint endpoint = new Endpoint(OpenPort.bind(address, port), port, address, context);
    endpoint.accepting.start();
    return endpoint;
  }

  private void acceptConnections() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        connections.put(socket, Optional.empty());
        OpenPort.daemon("synchrony-connection", () -> serve(socket)).start();
      } catch (IOException e) {
        // Closed while accepting: the loop ends.
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      if (server.isClosed()) {
        return;
      }
      socket.setSoTimeout(HEAD_TIMEOUT_MILLIS);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = new BufferedOutputStream(socket.getOutputStream());
      try {
        Optional<Request> request = Request.read(in);
        if (request.isPresent()) {
          route(socket, request.get(), in, out);
        }
      } catch (Request.Malformed e) {
        respond(out, 400, "Bad Request", e.getMessage(), false);
      }
    } catch (IOException e) {
      // The client went away, or the endpoint closed: nothing is left to answer.
    } finally {
      connections.remove(socket);
    }
  }

  private void route(Socket socket, Request request, InputStream in, OutputStream out) throws IOException {
    boolean head = request.method().equals("HEAD");
    if (request.path().equals(contextPath + "/heartbeat")) {
      if (head || request.method().equals("GET")) {
        respond(out, 200, "OK", "OK", head);
      } else {
        respond(out, 405, "Method Not Allowed", "the heartbeat answers GET", false);
      }
    } else if (request.path().startsWith(contextPath + "/") && request.upgradesToWebSocket()) {
      upgrade(socket, request, in, out);
    } else {
      respond(out, 404, "Not Found", "Synchrony has nothing at " + request.path(), head);
    }
  }

  /** The handshake of RFC 6455, 4.2.2, then the echo until either side closes. */
  private void upgrade(Socket socket, Request request, InputStream in, OutputStream out) throws IOException {
    Optional<String> key = request.header("sec-websocket-key").filter(k -> !k.isBlank());
    if (!request.method().equals("GET") || key.isEmpty()) {
      respond(out, 400, "Bad Request", "a WebSocket handshake is a GET with a Sec-WebSocket-Key", false);
      return;
    }
    if (!request.lists("sec-websocket-version", "13")) {
      write(out, "HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\nContent-Length: 0\r\n"
          + "Connection: close\r\n\r\n");
      return;
    }
    write(out, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + acceptKey(key.get()) + "\r\n\r\n");
    socket.setSoTimeout(0);
    EchoSocket echo = new EchoSocket(in, out, address + ": ");
    connections.put(socket, Optional.of(echo));
    if (server.isClosed()) {
      echo.goAway();
      return;
    }
    echo.run();
  }

  /** Sec-WebSocket-Accept: base64(SHA-1(key + GUID)). */
  static String acceptKey(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1")
          .digest((key.strip() + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }

  private static void respond(OutputStream out, int status, String reason, String body, boolean head)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    write(out, "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
        + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n");
    if (!head) {
      out.write(bytes);
    }
    out.flush();
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Frees the port, which can be bound again once this returns; every WebSocket is told the server goes away. */
  @Override
  public void close() {
    OpenPort.release(server, accepting);
    Set<Socket> open = Set.copyOf(connections.keySet());
    for (Socket socket : open) {
      connections.getOrDefault(socket, Optional.empty()).ifPresent(EchoSocket::goAway);
      try {
        socket.close();
      } catch (IOException e) {
        // Already closed.
      }
    }
  }
}
