package dev.orchestrate.sandbox;

import static dev.orchestrate.sandbox.WebSocketMessages.listening;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.sandbox.confluence.SimulatedDatabase;
import dev.orchestrate.sandbox.confluence.SimulatedLicense;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Synchrony as the installation's own jars run it, each in a process of its own: managed
 * Synchrony inside the Confluence simulator started by its script, and standalone Synchrony from
 * synchrony-standalone.jar with the real command line. Each answers its heartbeat and echoes over a
 * WebSocket with its address in front, and frees its ports once stopped.
 */
class SynchronyJarsTest {
  private static final String NODE = "127.0.1.247";
  private static final String STANDALONE = "127.0.1.248";
  private static final String URL = "jdbc:postgresql://127.0.1.247:5432/confluence";

  @TempDir
  Path dir;

  private Path install;
  private final List<Process> processes = new ArrayList<>();

  @BeforeEach
  void installation() {
    SimulatedDatabase.of(dir.resolve("databases"), URL).create("confluence", "pw");
    install = dir.resolve("host/opt/atlassian/confluence");
    ServerInstallation.write(install, dir.resolve("host/var/confluence-home"), new ServerInstallation.Settings(
        SimulatedLicense.create(SimulatedLicense.Edition.SERVER, "9"), URL, "confluence", "pw", "private", "public",
        8090, 300, 10_000, 1));
  }

  @AfterEach
  void stop() throws Exception {
    run(install.resolve("bin/stop-confluence.sh").toString()).waitFor(30, TimeUnit.SECONDS);
    processes.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
    processes.forEach(Process::destroyForcibly);
  }

  private Process run(String... command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("output-" + processes.size() + ".log").toFile());
    builder.environment().putAll(Map.of("SANDBOX_HOST_ADDRESS", NODE, "SANDBOX_HOST_ROOT", dir.resolve("host")
        .toString(), "SANDBOX_DATABASES", dir.resolve("databases").toString(), "JAVA_HOME",
        System.getProperty("java.home"), "PATH", "/usr/bin:/bin", "synchrony_database_password", "pw"));
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  private static String heartbeat(String address) {
    String seen = "";
    for (int i = 0; i < 200 && !seen.equals("OK"); i++) {
      try {
        seen = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + address
            + ":8091/synchrony/heartbeat")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
      } catch (IOException e) {
        seen = "unreachable";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
      ProcessSweeper.sleep(50);
    }
    return seen;
  }

  private static URI socket(String address) {
    return URI.create("ws://" + address + ":8091/synchrony/v1/bayeux-sync1/x");
  }

  @Test
  void theSimulatorRunsManagedSynchronyFromItsOwnJarAndStopsItWithConfluence() throws Exception {
    assertThat(run(install.resolve("bin/start-confluence.sh").toString()).waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(heartbeat(NODE)).isEqualTo("OK");
    assertThat(WebSocketMessages.echo(socket(NODE), "managed")).isEqualTo("127.0.1.247: managed");

    assertThat(run(install.resolve("bin/stop-confluence.sh").toString()).waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(listening(NODE, 8091)).isFalse();
    assertThat(listening(NODE, 8090)).isFalse();
  }

  @Test
  void standaloneSynchronyServesFromItsJarWithItsClusterPortsOpen() throws Exception {
    Process synchrony = run(System.getProperty("java.home") + "/bin/java", "-Xmx48m", "-classpath",
        install.resolve("confluence/WEB-INF/packages/synchrony-standalone.jar") + ":"
            + install.resolve("confluence/WEB-INF/lib/postgresql-42.7.4.jar"),
        "-Dsynchrony.port=8091", "-Dsynchrony.bind=" + STANDALONE, "-Dsynchrony.cluster.bind=" + STANDALONE,
        "-Dcluster.listen.port=5701", "-Dsynchrony.cluster.base.port=25500", "-Dsynchrony.context.path=/synchrony",
        "-Dsynchrony.service.url=https://wiki.example.com/synchrony", "-Djwt.private.key=private",
        "-Djwt.public.key=public", "-Dsynchrony.database.url=" + URL, "-Dsynchrony.database.username=confluence",
        "synchrony.core", "sql");

    assertThat(heartbeat(STANDALONE)).isEqualTo("OK");
    assertThat(WebSocketMessages.echo(socket(STANDALONE), "standalone")).isEqualTo("127.0.1.248: standalone");
    assertThat(listening(STANDALONE, 5701)).as("Hazelcast").isTrue();
    assertThat(listening(STANDALONE, 25500)).as("Aleph").isTrue();

    synchrony.destroy();
    assertThat(synchrony.waitFor(20, TimeUnit.SECONDS)).isTrue();

    for (int port : new int[] {8091, 5701, 25500}) {
      assertThat(listening(STANDALONE, port)).as("port %d", port).isFalse();
    }
  }
}
