package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL server from Debian's {@code postgresql} package: a cluster of its own in
 * a temporary directory, on 127.0.0.1 and a free port, that takes passwords only as SCRAM-SHA-256
 * over TCP, with one role {@code confluence} owning one database {@code confluence}. As root it
 * runs as the {@code postgres} user, since PostgreSQL refuses to run as root. Required in CI;
 * elsewhere a machine without PostgreSQL skips the tests that need it.
 */
final class PostgresServer implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  private final int port;

  private PostgresServer(Path bin, Path dir, int port) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
  }

  /** A running server whose role {@code confluence} logs in with {@code password}. */
  static PostgresServer start(String password) throws Exception {
    Path bin = binaries();
    Path dir = Files.createTempDirectory("orchestrate-postgres");
    if (asRoot()) {
      UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
      Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
    }
    PostgresServer server = new PostgresServer(bin, dir, freePort());
    try {
      server.exec(null, "initdb", "-D", dir.resolve("data").toString(), "-U", "postgres", "-E", "UTF8", "--no-sync");
      Files.writeString(dir.resolve("data/postgresql.conf"), """

          listen_addresses = '127.0.0.1'
          port = %d
          unix_socket_directories = '%s'
          password_encryption = 'scram-sha-256'
          """.formatted(server.port, dir), StandardOpenOption.APPEND);
      Files.writeString(dir.resolve("data/pg_hba.conf"), """
          local all postgres trust
          host all all 127.0.0.1/32 scram-sha-256
          """);
      server.exec(null, "pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(),
          "-w", "start");
      // The password goes in through psql's standard input, never its command line.
      server.exec("CREATE ROLE confluence LOGIN PASSWORD '" + password.replace("'", "''") + "';\n"
          + "CREATE DATABASE confluence OWNER confluence;\n", "psql", "-h", dir.toString(), "-p",
          Integer.toString(server.port), "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q");
      return server;
    } catch (Exception | AssertionError e) {
      server.close();
      throw e;
    }
  }

  /** The URL of the {@code confluence} database, as cluster.yaml and confluence.cfg.xml name it. */
  String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/confluence";
  }

  @Override
  public void close() throws Exception {
    try {
      if (Files.exists(dir.resolve("data/postmaster.pid"))) {
        exec(null, "pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  /** The newest installed PostgreSQL's programs; skips the test when there are none, unless in CI. */
  private static Path binaries() throws IOException {
    Optional<Path> newest = Optional.empty();
    Path versions = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(versions)) {
      try (Stream<Path> installed = Files.list(versions)) {
        newest = installed.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
            .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString().split("\\.")[0])))
            .map(v -> v.resolve("bin"));
      }
    }
    if (newest.isEmpty()) {
      assertThat(System.getenv("CI")).as("CI must install PostgreSQL (.ci/run installs Debian's postgresql)").isNull();
      Assumptions.abort("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): skipped outside CI;"
          + " apt-get install postgresql to run it");
    }
    return newest.get();
  }

  private static boolean asRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void exec(String input, String program, String... arguments) throws Exception {
    List<String> command = new ArrayList<>(asRoot() ? List.of("runuser", "-u", "postgres", "--") : List.of());
    command.add(bin.resolve(program).toString());
    command.addAll(Arrays.asList(arguments));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    try (var stdin = process.getOutputStream()) {
      if (input != null) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(program + " finishes").isTrue();
    assertThat(process.exitValue()).as(program + ": " + output + readLog()).isZero();
  }

  private String readLog() throws IOException {
    Path log = dir.resolve("server.log");
    return Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : "";
  }
}
