package synchrony;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The head of an HTTP/1.1 request, as {@link Endpoint} reads it off a socket.
 *
 * @param path the request target without its query, and without scheme and authority when a
 *     proxy sent the absolute form
 * @param headers each header's values, by lower-case name
 */
record Request(String method, String path, Map<String, List<String>> headers) {
  /** More than any request to Synchrony carries; a longer head is refused rather than buffered. */
  static final int MAX_HEAD_BYTES = 16 * 1024;

  Request {
    headers = Map.copyOf(headers);
  }

  /** Reads a request head; empty when the client closed first, {@link Malformed} when it is not HTTP. */
  static Optional<Request> read(InputStream in) throws IOException {
    Optional<String> requestLine = line(in);
    if (requestLine.isEmpty()) {
      return Optional.empty();
    }
    String[] parts = requestLine.get().split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/")) {
      throw new Malformed("not an HTTP request line: " + requestLine.get());
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    int size = requestLine.get().length();
    for (String line = line(in).orElse(""); !line.isEmpty(); line = line(in).orElse("")) {
      size += line.length();
      int colon = line.indexOf(':');
      if (colon <= 0 || size > MAX_HEAD_BYTES) {
        throw new Malformed(colon <= 0 ? "not a header: " + line : "request head over " + MAX_HEAD_BYTES + " bytes");
      }
      headers.computeIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
          .add(line.substring(colon + 1).strip());
    }
    return Optional.of(new Request(parts[0], path(parts[1]), headers));
  }

  private static String path(String target) {
    String path = target;
    if (path.startsWith("http://") || path.startsWith("https://")) {
      int slash = path.indexOf('/', path.indexOf("//") + 2);
      path = slash < 0 ? "/" : path.substring(slash);
    }
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }

  /** One line without its CRLF; empty at the end of the stream before any byte of it. */
  private static Optional<String> line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        if (line.length() == 0) {
          return Optional.empty();
        }
        throw new Malformed("the request ended inside a line");
      }
      if (line.length() > MAX_HEAD_BYTES) {
        throw new Malformed("a line over " + MAX_HEAD_BYTES + " bytes");
      }
      line.append((char) c);
    }
    int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
    return Optional.of(new String(line.substring(0, end).getBytes(StandardCharsets.ISO_8859_1),
        StandardCharsets.UTF_8));
  }

  /** Every value of the header, one after the other, as if it had been sent once. */
  Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null ? Optional.empty() : Optional.of(String.join(", ", values));
  }

  /** Whether a comma-separated header lists {@code token}, in any case. */
  boolean lists(String name, String token) {
    return header(name).stream().flatMap(value -> Stream.of(value.split(",")))
        .anyMatch(item -> item.strip().equalsIgnoreCase(token));
  }

  /** A WebSocket handshake (RFC 6455, 4.1): {@code Upgrade: websocket} and {@code Connection: Upgrade}. */
  boolean upgradesToWebSocket() {
    return lists("upgrade", "websocket") && lists("connection", "upgrade");
  }

  /** What is not HTTP: answered 400 and closed. */
  static final class Malformed extends IOException {
    Malformed(String message) {
      super(message);
    }
  }
}
