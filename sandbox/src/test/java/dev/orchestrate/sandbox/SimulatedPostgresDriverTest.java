package dev.orchestrate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.confluence.DatabaseLoginProbe;
import dev.orchestrate.sandbox.confluence.SimulatedDatabase;
import dev.orchestrate.sandbox.confluence.SimulatedLicense;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stand-in pgjdbc of a simulated installation, used as orchestrate's login check uses it on a
 * node: {@link DatabaseLoginProbe} in a JVM of its own, with only the installation's WEB-INF/lib
 * on its class path. It refuses what PostgreSQL refuses, with PostgreSQL's SQLStates.
 */
class SimulatedPostgresDriverTest {
  @TempDir
  Path dir;

  private ServerSocket database;
  private String url;
  private Path install;

  @BeforeEach
  void installation() throws Exception {
    database = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    url = "jdbc:postgresql://127.0.0.1:" + database.getLocalPort() + "/confluence";
    SimulatedDatabase.of(dir.resolve("databases"), url).create("confluence", "right");
    install = dir.resolve("install");
    ServerInstallation.write(install, dir.resolve("home"), new ServerInstallation.Settings(
        SimulatedLicense.create(SimulatedLicense.Edition.SERVER, "9"), url, "confluence", "right", "private", "public",
        8090, 300, 1_000, 1));
  }

  @AfterEach
  void close() throws Exception {
    database.close();
  }

  @Test
  void theRightLoginIsAccepted() throws Exception {
    assertThat(probe(url, "confluence", "right")).isEqualTo("OK");
  }

  @Test
  void aWrongPasswordOrUserIsRefusedAsPostgreSqlRefusesIt() throws Exception {
    assertThat(probe(url, "confluence", "wrong"))
        .isEqualTo("FAILED 28P01 FATAL: password authentication failed for user \"confluence\"");
    assertThat(probe(url, "admin", "right"))
        .isEqualTo("FAILED 28P01 FATAL: password authentication failed for user \"admin\"");
  }

  @Test
  void aDatabaseNobodyCreatedDoesNotExist() throws Exception {
    assertThat(probe(url.replace("/confluence", "/wiki"), "confluence", "right"))
        .isEqualTo("FAILED 3D000 FATAL: database \"wiki\" does not exist");
  }

  @Test
  void nothingListeningAtTheUrlIsAConnectionFailure() throws Exception {
    database.close();

    assertThat(probe(url, "confluence", "right")).isEqualTo("FAILED 08001 Connection to 127.0.0.1:"
        + database.getLocalPort() + " refused. Check that the hostname and port are correct and that the postmaster is"
        + " accepting TCP/IP connections.");
  }

  @Test
  void otherDatabasesAreNotItsBusiness() throws Exception {
    assertThat(probe("jdbc:sqlserver://db:1433;databaseName=confluence", "confluence", "right")).isEqualTo("NODRIVER");
  }

  private String probe(String jdbcUrl, String user, String password) throws Exception {
    Path probe = Path.of(DatabaseLoginProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
        probe + ":" + install.resolve("confluence/WEB-INF/lib") + "/*", DatabaseLoginProbe.class.getName(), jdbcUrl,
        user).redirectErrorStream(true);
    builder.environment().put("SANDBOX_DATABASES", dir.resolve("databases").toString());
    builder.environment().put("ORCHESTRATE_DATABASE_PASSWORD", password);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return output.strip();
  }
}
