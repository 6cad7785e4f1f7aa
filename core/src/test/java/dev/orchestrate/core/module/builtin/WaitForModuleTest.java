package dev.orchestrate.core.module.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.ModuleResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WaitForModuleTest {
  @TempDir
  Path directory;

  private final Hosts hosts = Hosts.local(Path.of("/"));

  private ModuleResult waitFor(Map<String, Object> arguments) {
    return new WaitForModule().execute(hosts.call(arguments));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void waitsForAPortThatOpensLater() throws Exception {
    int port = freePort();
    CompletableFuture<ServerSocket> server = CompletableFuture.supplyAsync(() -> {
      try {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }, CompletableFuture.delayedExecutor(1200, TimeUnit.MILLISECONDS));
    try {
      ModuleResult result = waitFor(Map.of("port", port, "timeout", 10, "sleep", 0.2));

      assertThat(result.failed()).as(result.message()).isFalse();
      assertThat(result.changed()).isFalse();
      assertThat(result.fields()).containsEntry("port", port).containsEntry("state", "started");
      assertThat(hosts.progress).anySatisfy(line -> assertThat(line).contains("connection refused"));
    } finally {
      server.get().close();
    }
  }

  @Test
  void waitsForAPortToClose() throws Exception {
    try (ServerSocket open = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      ModuleResult stillOpen =
          waitFor(Map.of("port", open.getLocalPort(), "state", "stopped", "timeout", 1, "sleep", 0.2));

      assertThat(stillOpen.failed()).isTrue();
      assertThat(stillOpen.message()).isEqualTo("Timeout when waiting for 127.0.0.1:" + open.getLocalPort()
          + " to stop. (last seen: the port accepts connections)");
    }
    assertThat(waitFor(Map.of("port", freePort(), "state", "stopped", "timeout", 2)).failed()).isFalse();
  }

  @Test
  void waitsForAFileThatAppearsAndReadsTheGroupsOfTheMatch() throws Exception {
    Path log = directory.resolve("atlassian-confluence.log");
    CompletableFuture.runAsync(() -> {
      try {
        Files.writeString(log, "starting\nServer startup in 1234 ms\n");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }, CompletableFuture.delayedExecutor(800, TimeUnit.MILLISECONDS));

    ModuleResult result = waitFor(Map.of("path", log.toString(), "search_regex", "startup in (?P<ms>\\d+) ms",
        "timeout", 10, "sleep", 0.2));

    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(result.fields()).containsEntry("match_groups", List.of("1234"))
        .containsEntry("match_groupdict", Map.of("ms", "1234"))
        .containsEntry("path", log.toString());
    assertThat((Long) result.fields().get("elapsed")).isBetween(0L, 9L);
  }

  @Test
  void failsAtTheDeadlineWithWhatItSawLast() throws Exception {
    Path file = Files.writeString(directory.resolve("f"), "nothing here\n");

    ModuleResult result = waitFor(Map.of("path", file.toString(), "search_regex", "ready", "timeout", 1, "sleep", 0.3));

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).isEqualTo("Timeout when waiting for search string ready in " + file
        + " (last seen: the file exists, but the pattern is not in it)");
    assertThat(result.fields()).containsEntry("elapsed", 1L);
  }

  @Test
  void aGivenMessageReplacesAnsibles() {
    ModuleResult result = waitFor(Map.of("path", directory + "/never", "timeout", 0.5, "msg", "no lock file"));

    assertThat(result.message()).isEqualTo("no lock file");
  }

  @Test
  void waitsForAFileToGo() throws Exception {
    Path lock = Files.createFile(directory.resolve("lock"));
    CompletableFuture.runAsync(() -> lock.toFile().delete(),
        CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS));

    ModuleResult result = waitFor(Map.of("path", lock.toString(), "state", "absent", "timeout", 10, "sleep", 0.2));

    assertThat(result.failed()).as(result.message()).isFalse();
  }

  @Test
  void withNeitherPortNorPathItSleeps() {
    long start = System.nanoTime();

    ModuleResult result = waitFor(Map.of("timeout", 0.5));

    assertThat(result.failed()).isFalse();
    assertThat(System.nanoTime() - start).isGreaterThan(400_000_000L);
  }

  @Test
  void theCommandMayRunLongerThanTheWait() {
    waitFor(Map.of("path", "/", "timeout", 600, "delay", 0.1));

    assertThat(hosts.commands.get(0).timeout()).isGreaterThan(Duration.ofMillis(600_100));
  }

  @Test
  void refusesPortAndPathTogether() {
    assertThat(waitFor(Map.of("port", 1, "path", "/x")).message())
        .isEqualTo("port and path parameter can not both be passed to wait_for");
  }
}
