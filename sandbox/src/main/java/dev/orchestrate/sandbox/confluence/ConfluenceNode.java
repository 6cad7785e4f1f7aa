package dev.orchestrate.sandbox.confluence;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import synchrony.Endpoint;
import synchrony.OpenPort;

/**
 * A simulated Confluence node: reads its installation and home as Confluence does, refuses to
 * serve — state {@code ERROR}, with the reason in its log — for everything real Confluence refuses
 * or breaks on, and while a test's start fault lies beside its home ({@code
 * <local home>/../sandbox-start-fault}, the reason its first line); otherwise it goes STARTING,
 * then RUNNING, logging "Confluence is ready to serve".
 * It answers {@code /status} on its host's address and port as Confluence does, and a small
 * content API whose pages live in the database, so that a page written through one node of a
 * cluster can be read through another. It stops on SIGTERM.
 *
 * <p>What a load balancer in front of it needs, it has as Confluence has it. Every other path is a
 * page, which needs an HTTP session: sessions live in this node's memory alone ({@link
 * Sessions}), so a request whose {@code JSESSIONID} cookie this node did not issue — it went to
 * another node, or this one has restarted since — gets a new session and a {@code Set-Cookie}. A
 * page answers JSON that says who served it: {@code {"servedBy":"<address>","session":"<id>",
 * "newSession":true|false,"requests":<n>,"path":"<path>"}}; while the node is not RUNNING, 503
 * with its state. Once RUNNING it runs managed Synchrony, as Confluence does unless {@code
 * -Dsynchrony.service.url} points it at standalone Synchrony or {@code
 * -Dsynchrony.btf.disabled=true} turns Synchrony off: on port 8091 ({@code -Dsynchrony.port}) of
 * its address, {@code /synchrony/heartbeat} answers {@code OK} and a WebSocket under {@code
 * /synchrony/} echoes each text message with {@code "<address>: "} in front ({@link Endpoint});
 * Synchrony's Hazelcast (5701) and Aleph (25500) ports are open too. A clustered node's own
 * Hazelcast port (5801) is open while it is STARTING or RUNNING. A port already taken is a WARN
 * line in the log, and the node goes on without it, as Confluence does; every port is free again
 * once the node has stopped.
 *
 * <p>While STARTING and RUNNING it writes its home without pause, as Confluence does: a line in its
 * log and a document in its index every beat. A backup or copy of a running node's home is
 * therefore never consistent; once stopped, the node writes nothing more.
 *
 * <p>Started by the sandbox installation's {@code bin/start-confluence.sh}, with the JDK alone.
 */
public final class ConfluenceNode {
  private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
  private static final long BEAT_MILLIS = 200;
  private static final int HAZELCAST_PORT = 5801;
  private static final int SYNCHRONY_HAZELCAST_PORT = 5701;
  private static final int SYNCHRONY_ALEPH_PORT = 25500;

  /** The states Confluence reports on /status. */
  public enum State { STARTING, RUNNING, ERROR, STOPPING }

  private final NodeSettings settings;
  private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "cluster-heartbeat");
    thread.setDaemon(true);
    return thread;
  });
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Sessions sessions = new Sessions();
  private final List<AutoCloseable> synchrony = new ArrayList<>();
  private Optional<AutoCloseable> hazelcast = Optional.empty();
  private volatile State state = State.STARTING;
  private volatile SimulatedDatabase database;
  private IndexWriter index;
  private String announcedState = "";
  private long announceUntil;
  private HttpServer http;

  private ConfluenceNode(NodeSettings settings) {
    this.settings = settings;
  }

  public static void main(String[] args) throws Exception {
    Path install = Path.of(System.getProperty("catalina.home", ".")).toAbsolutePath().normalize();
    ConfluenceNode node = start(install, System.getenv(), System.getProperties());
    Runtime.getRuntime().addShutdownHook(new Thread(node::stop, "shutdown"));
    node.stopped.await();
  }

  /** Starts a node of {@code install}, as its start script would; returns once it serves /status. */
  public static ConfluenceNode start(Path install, Map<String, String> environment, Properties system)
      throws IOException {
    ConfluenceNode node = new ConfluenceNode(NodeSettings.read(install, environment, system));
    node.boot();
    return node;
  }

  public State state() {
    return state;
  }

  private void boot() throws IOException {
    log("INFO", "Starting Confluence (orchestrate sandbox) on " + settings.address() + ":" + settings.httpPort()
        + ", installation " + settings.install());
    http = HttpServer.create(new InetSocketAddress(settings.address(), settings.httpPort()), 16);
    http.createContext("/status", this::status);
    http.createContext("/rest/api/content", this::content);
    http.createContext("/", this::page);
    http.setExecutor(Executors.newFixedThreadPool(4, r -> {
      Thread thread = new Thread(r, "http");
      thread.setDaemon(true);
      return thread;
    }));
    http.start();
    Optional<String> refusal = new Preconditions(settings).firstProblem();
    if (refusal.isPresent()) {
      fail(refusal.get());
      return;
    }
    if (settings.clustered()) {
      hazelcast = listen("Confluence's Hazelcast", HAZELCAST_PORT, OpenPort::open);
    }
    database = SimulatedDatabase.of(settings.databases().orElseThrow(), settings.property("hibernate.connection.url")
        .orElseThrow());
    index = new IndexWriter(settings.home().orElseThrow().resolve("index"));
    long started = System.currentTimeMillis();
    clock.scheduleAtFixedRate(() -> heartbeat(started), 0, BEAT_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * Announces this node in the database, then looks at the others. A conflict with another
   * instance fails this node, but it goes on announcing the state it had for a moment, so that
   * the other instance meets the same conflict: both sides of a cluster panic go to ERROR, as do
   * both nodes that started together. A node refused before it reached the database never
   * announces itself at all.
   */
  private synchronized void heartbeat(long started) {
    long now = System.currentTimeMillis();
    if (state == State.STOPPING || state == State.ERROR && now >= announceUntil) {
      if (database != null) {
        database.forget(settings.address());
      }
      return;
    }
    boolean ready = state == State.STARTING && now - started >= settings.startDelay().toMillis();
    String announced = state == State.ERROR ? announcedState : ready ? State.RUNNING.name() : state.name();
    SimulatedDatabase.Instance me = new SimulatedDatabase.Instance(settings.address(),
        settings.property("confluence.cluster.name").orElse(""), settings.clustered(), announced,
        ProcessHandle.current().pid(), now);
    // The heartbeat says RUNNING before /status does, so no node that starts next sees this one still STARTING.
    database.beat(me);
    if (state == State.ERROR) {
      return;
    }
    for (SimulatedDatabase.Instance other : database.others(settings.address(), now)) {
      if (!me.sameClusterAs(other)) {
        conflict(now, announced, "Database is being updated by an instance which is not part of the current cluster."
            + " You should check network connections between cluster nodes, especially multicast traffic. (the other"
            + " instance is " + other.address() + ", " + (other.clustered() ? "of cluster '" + other.cluster() + "'"
            : "not clustered") + "); cluster panic");
        return;
      }
      if (state == State.STARTING && other.state().equals(State.STARTING.name())) {
        conflict(now, announced, "Another node of cluster '" + me.cluster() + "' (" + other.address() + ") is starting"
            + " at the same time. Starting multiple nodes simultaneously can cause serious failures: start one node,"
            + " wait until it is RUNNING, then start the next");
        return;
      }
    }
    if (ready) {
      // Open before RUNNING, so that whoever sees RUNNING finds Synchrony up too.
      settings.managedSynchronyPort().ifPresent(this::startSynchrony);
      // Logged first, so that whoever sees RUNNING finds the line too.
      log("INFO", "Confluence is ready to serve" + (settings.clustered()
          ? " (node " + settings.address() + " of cluster '" + me.cluster() + "')" : ""));
      state = State.RUNNING;
    }
    index.add("heartbeat " + now + " " + announced);
    log("DEBUG", "Heartbeat: " + announced + ", index generation " + index.generation());
  }

  private void conflict(long now, String announced, String reason) {
    announcedState = announced;
    announceUntil = now + SimulatedDatabase.ALIVE_MILLIS;
    state = State.ERROR;
    log("ERROR", reason);
    hazelcast.ifPresent(ConfluenceNode::close);
    hazelcast = Optional.empty();
  }

  private synchronized void fail(String reason) {
    state = State.ERROR;
    log("ERROR", reason);
  }

  /** Stops serving and leaves the database, as a shutdown does. */
  public void stop() {
    synchronized (this) {
      if (state == State.STOPPING) {
        return;
      }
      state = State.STOPPING;
    }
    log("INFO", "Shutting down Confluence");
    clock.shutdownNow();
    awaitLastBeat();
    if (database != null) {
      database.forget(settings.address());
    }
    if (http != null) {
      http.stop(0);
    }
    closePorts();
    log("INFO", "Confluence has stopped");
    stopped.countDown();
  }

  /** A beat already under way may still be writing; the home must be still once stop returns. */
  private void awaitLastBeat() {
    try {
      clock.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Managed Synchrony, as Confluence starts it beside itself: its HTTP and WebSocket endpoint, and
   * its Hazelcast and Aleph ports, each on this node's address.
   */
  private void startSynchrony(int port) {
    listen("Synchrony", port, (address, number) -> Endpoint.open(address, number, "/synchrony"))
        .ifPresent(synchrony::add);
    listen("Synchrony's Hazelcast", SYNCHRONY_HAZELCAST_PORT, OpenPort::open).ifPresent(synchrony::add);
    listen("Synchrony's Aleph", SYNCHRONY_ALEPH_PORT, OpenPort::open).ifPresent(synchrony::add);
  }

  /** Opens a port on this node's address, given what uses it. */
  private interface Listener {
    AutoCloseable open(String address, int port) throws IOException;
  }

  /** The port, open; or, when it cannot be, a WARN line and nothing: Confluence does not fail for it. */
  private Optional<AutoCloseable> listen(String what, int port, Listener listener) {
    try {
      AutoCloseable open = listener.open(settings.address(), port);
      log("INFO", what + " is listening on " + settings.address() + ":" + port);
      return Optional.of(open);
    } catch (IOException e) {
      log("WARN", what + ": " + e.getMessage() + "; Confluence goes on without it");
      return Optional.empty();
    }
  }

  /** Frees every port but HTTP's; the beats have ended, so nothing opens another meanwhile. */
  private synchronized void closePorts() {
    synchrony.forEach(ConfluenceNode::close);
    synchrony.clear();
    hazelcast.ifPresent(ConfluenceNode::close);
    hazelcast = Optional.empty();
  }

  private static void close(AutoCloseable port) {
    try {
      port.close();
    } catch (Exception e) {
      // Stopping: a port that will not close is freed with the process.
    }
  }

  private void status(HttpExchange exchange) throws IOException {
    State now = state;
    respond(exchange, now == State.RUNNING ? 200 : 503, Json.object(Map.of("state", now.name())));
  }

  /** Every path nothing else answers: a page, served in this node's session for the request. */
  private void page(HttpExchange exchange) throws IOException {
    State now = state;
    if (now != State.RUNNING) {
      respond(exchange, 503, Json.object(Map.of("state", now.name())));
      return;
    }
    Sessions.Visit visit = sessions.visit(exchange.getRequestHeaders().getOrDefault("Cookie", List.of()));
    if (visit.newSession()) {
      exchange.getResponseHeaders().add("Set-Cookie", Sessions.COOKIE + "=" + visit.id() + "; Path=/; HttpOnly");
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("servedBy", settings.address());
    answer.put("session", visit.id());
    answer.put("newSession", visit.newSession());
    answer.put("requests", visit.requests());
    answer.put("path", exchange.getRequestURI().getPath());
    respond(exchange, 200, Json.object(answer));
  }

  /** POST a page ({"title","body"}); GET ?title=... to find pages; GET /rest/api/content/ID for one. */
  private void content(HttpExchange exchange) throws IOException {
    if (state != State.RUNNING) {
      respond(exchange, 503, Json.object(Map.of("message", "Confluence is " + state)));
      return;
    }
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    if (method.equals("POST") && path.equals("/rest/api/content")) {
      Map<String, String> fields = Json.strings(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      if (!fields.containsKey("title")) {
        respond(exchange, 400, Json.object(Map.of("message", "a page needs a title")));
        return;
      }
      String id = database.createPage(fields.get("title"), fields.getOrDefault("body", ""), settings.address());
      respond(exchange, 200, Json.object(Map.of("id", id, "title", fields.get("title"), "createdOn", settings.address())));
    } else if (method.equals("GET") && path.startsWith("/rest/api/content/")) {
      Optional<Map<String, String>> page = database.page(path.substring("/rest/api/content/".length()));
      respond(exchange, page.isPresent() ? 200 : 404, page.map(Json::object)
          .orElse(Json.object(Map.of("message", "no such page"))));
    } else if (method.equals("GET")) {
      String title = query(exchange, "title");
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("results", database.pagesTitled(title));
      answer.put("servedBy", settings.address());
      respond(exchange, 200, Json.object(answer));
    } else {
      respond(exchange, 405, Json.object(Map.of("message", "method not allowed")));
    }
  }

  private static String query(HttpExchange exchange, String name) {
    String raw = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
    return Stream.of(raw.split("&"))
        .filter(p -> p.startsWith(name + "="))
        .map(p -> URLDecoder.decode(p.substring(name.length() + 1), StandardCharsets.UTF_8))
        .findFirst().orElse("");
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** A line of Confluence's own log, in its format, in {@code <home>/logs/atlassian-confluence.log}. */
  private void log(String level, String message) {
    String line = LocalDateTime.now().format(LOG_TIME) + " " + level + " [" + Thread.currentThread().getName() + "]"
        + " [confluence.sandbox.ConfluenceNode] " + message + "\n";
    Optional<Path> logs = settings.home().filter(Files::isDirectory).map(h -> h.resolve("logs"));
    if (logs.isPresent() && !Files.isDirectory(logs.get())) {
      try {
        Files.createDirectories(logs.get());
      } catch (IOException e) {
        logs = Optional.empty();
      }
    }
    if (logs.isEmpty()) {
      PrintStream console = System.out;
      console.print(line);
      console.flush();
      return;
    }
    try {
      Files.writeString(logs.get().resolve("atlassian-confluence.log"), line, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.out.print(line);
    }
  }
}
