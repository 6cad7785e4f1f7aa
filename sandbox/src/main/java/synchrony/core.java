package synchrony;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.zip.ZipFile;

/**
 * The sandbox's synchrony-standalone.jar: started as the real one is, {@code java -classpath
 * <jar>:<jdbc driver> -D... synchrony.core sql}, it refuses to start (exit status 1, the reason on
 * stderr) without the service URL, the JWT keys, the database URL, user and password — each a
 * {@code -D} property or an environment variable named like it with '.' as '_' — or without a
 * JDBC driver on its class path. Otherwise it answers {@code <context path>/heartbeat} with
 * {@code OK} on its host's address until SIGTERM.
 *
 * <p>The class is named as Synchrony's own entry point is, lower case included.
 */
public final class core {
  private static final String[] REQUIRED = {
      "synchrony.service.url", "jwt.private.key", "jwt.public.key",
      "synchrony.database.url", "synchrony.database.username", "synchrony.database.password"};

  private core() {}

  public static void main(String[] args) throws Exception {
    List<String> missing = new ArrayList<>();
    for (String name : REQUIRED) {
      if (setting(name).isEmpty()) {
        missing.add(name);
      }
    }
    if (args.length == 0 || !args[0].equals("sql")) {
      missing.add("the 'sql' argument");
    }
    if (!missing.isEmpty()) {
      fail("cannot start: missing " + String.join(", ", missing)
          + " (give each as -Dname=value, or secrets as environment variables with '.' written '_')");
    }
    if (setting("synchrony.service.url").orElseThrow().matches(".*/v1/?$")) {
      fail("synchrony.service.url must be the URL browsers use, without /v1");
    }
    if (!driverOnClassPath()) {
      fail("No suitable driver found for " + setting("synchrony.database.url").orElseThrow()
          + ": put the JDBC driver jar on the class path");
    }
    String address = setting("synchrony.bind").or(() -> Optional.ofNullable(System.getenv("SANDBOX_HOST_ADDRESS")))
        .orElse("127.0.0.1");
    int port = Integer.parseInt(setting("synchrony.port").orElse("8091"));
    String context = setting("synchrony.context.path").orElse("/synchrony");
    HttpServer http = HttpServer.create(new InetSocketAddress(address, port), 16);
    http.createContext(context + "/heartbeat", exchange -> {
      byte[] ok = "OK".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, ok.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(ok);
      }
    });
    http.start();
    log("Synchrony (orchestrate sandbox) listening on " + address + ":" + port + context);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      http.stop(0);
      log("Synchrony stopped");
      stopped.countDown();
    }));
    stopped.await();
  }

  /** A setting from a -D property, or from the environment with '.' written '_'. */
  private static Optional<String> setting(String name) {
    return Optional.ofNullable(System.getProperty(name))
        .or(() -> Optional.ofNullable(System.getenv(name.replace('.', '_'))))
        .filter(v -> !v.isBlank());
  }

  private static boolean driverOnClassPath() {
    for (String entry : System.getProperty("java.class.path", "").split(":")) {
      Path jar = Path.of(entry);
      if (!entry.endsWith(".jar") || !Files.isRegularFile(jar)) {
        continue;
      }
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        if (zip.getEntry("META-INF/services/java.sql.Driver") != null) {
          return true;
        }
      } catch (IOException e) {
        // Not a readable jar: not a driver either.
      }
    }
    return false;
  }

  private static void log(String message) {
    System.out.println(LocalDateTime.now() + " INFO synchrony.core " + message);
    System.out.flush();
  }

  private static void fail(String message) {
    System.err.println(LocalDateTime.now() + " ERROR synchrony.core " + message);
    System.exit(1);
  }
}
