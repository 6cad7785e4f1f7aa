package dev.orchestrate.sandbox.confluence;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * HTTP sessions as Confluence keeps them: in the memory of the node that made them, and nowhere
 * else. Another node, or this node once restarted, knows none of them and makes a new one — which
 * is why a load balancer must keep each user on one node.
 */
final class Sessions {
  /** The cookie Tomcat carries the session in. */
  static final String COOKIE = "JSESSIONID";

  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  /**
   * One request, seen from its session.
   *
   * @param newSession whether the session was made by this request (its id must then be sent)
   * @param requests how many requests the session has made on this node, this one included
   */
  record Visit(String id, boolean newSession, int requests) {}

  /**
   * The session of a request with these {@code Cookie} headers: the first of its JSESSIONID
   * cookies that this node issued, or else a new one.
   */
  Visit visit(List<String> cookieHeaders) {
    for (String id : sessionIds(cookieHeaders).toList()) {
      AtomicInteger made = requests.get(id);
      if (made != null) {
        return new Visit(id, false, made.incrementAndGet());
      }
    }
    String id = newId();
    requests.put(id, new AtomicInteger(1));
    return new Visit(id, true, 1);
  }

  private static Stream<String> sessionIds(List<String> cookieHeaders) {
    return cookieHeaders.stream()
        .flatMap(header -> Stream.of(header.split(";")))
        .map(String::strip)
        .filter(cookie -> cookie.startsWith(COOKIE + "="))
        .map(cookie -> unquote(cookie.substring(COOKIE.length() + 1).strip()));
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1) : value;
  }

  /** 128 random bits in upper-case hex, as Tomcat writes its session ids: URL-safe and unguessable. */
  private String newId() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return HexFormat.of().withUpperCase().formatHex(bytes);
  }
}
