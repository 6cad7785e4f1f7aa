package synchrony;

import java.io.IOException;
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
 * JDBC driver on its class path, or when its port ({@code synchrony.port}, 8091) is taken.
 * Otherwise, until SIGTERM, it serves on {@code synchrony.bind} (else its host's address) what a
 * load balancer meets on real Synchrony ({@link Endpoint}): {@code <context path>/heartbeat}
 * answers {@code OK}, and a WebSocket under {@code <context path>/} echoes each text message with
 * {@code "<address>: "} in front. Its Hazelcast port ({@code cluster.listen.port}, 5701) and Aleph
 * port ({@code synchrony.cluster.base.port}, 25500) are open on {@code synchrony.cluster.bind} for
 * a probe to find; one it cannot bind is a warning, not a failure.
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
    List<AutoCloseable> open = new ArrayList<>();
    try {
      open.add(Endpoint.open(address, port, context));
    } catch (IOException e) {
      fail("cannot start: " + e.getMessage());
    }
    log("INFO", "Synchrony (orchestrate sandbox) listening on " + address + ":" + port + context);
    String clusterAddress = setting("synchrony.cluster.bind").orElse(address);
    openPort(clusterAddress, Integer.parseInt(setting("cluster.listen.port").orElse("5701")), "Hazelcast")
        .ifPresent(open::add);
    openPort(clusterAddress, Integer.parseInt(setting("synchrony.cluster.base.port").orElse("25500")), "Aleph")
        .ifPresent(open::add);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      open.forEach(core::close);
      log("INFO", "Synchrony stopped");
      stopped.countDown();
    }));
    stopped.await();
  }

  private static Optional<AutoCloseable> openPort(String address, int port, String what) {
    try {
      OpenPort open = OpenPort.open(address, port);
      log("INFO", what + " listening on " + address + ":" + port);
      return Optional.of(open);
    } catch (IOException e) {
      log("WARN", what + " " + e.getMessage() + "; going on without it");
      return Optional.empty();
    }
  }

  private static void close(AutoCloseable listening) {
    try {
      listening.close();
    } catch (Exception e) {
      // Stopping: a port that will not close is freed with the process.
    }
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

  private static void log(String level, String message) {
    System.out.println(LocalDateTime.now() + " " + level + " synchrony.core " + message);
    System.out.flush();
  }

  private static void fail(String message) {
    System.err.println(LocalDateTime.now() + " ERROR synchrony.core " + message);
    System.exit(1);
  }
}
