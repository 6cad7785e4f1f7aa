package dev.orchestrate.core.module.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.TransportModuleCall;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.LocalTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreflightModuleTest {
  private static final Host HOST = new Host("n1", "127.0.0.1", new SshSettings("confluence", 22, Optional.empty(),
      Optional.empty(), Optional.empty(), Path.of("/dev/null"), SshSettings.Become.NONE, Duration.ofSeconds(5)));
  private static final long PETABYTE = 1L << 50;

  @TempDir
  Path dir;

  @Test
  void everyProblemIsReportedAtOnceAndNothingChanges() throws IOException {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int busy = listener.getLocalPort();

      ModuleResult result = run(Map.of(
          "paths_exist", List.of(dir.resolve("missing").toString(), dir.toString()),
          "paths_absent", List.of(file.toString()),
          "writable", List.of(file.toString(), file.resolve("below/it").toString()),
          "free_space", List.of(Map.of("path", dir.resolve("new/data").toString(), "bytes", PETABYTE)),
          "commands", List.of("sh", "no-such-command-anywhere"),
          "ports_free", List.of(busy)));

      assertThat(result.failed()).isTrue();
      assertThat(result.changed()).isFalse();
      assertThat(result.message().lines()).containsExactly(
          dir.resolve("missing") + " does not exist",
          file + " exists, and must not",
          file + " exists and is not a directory",
          file.resolve("below/it") + " cannot be created: " + file + ", its nearest existing parent, is not a writable"
              + " directory",
          result.message().lines().toList().get(4),
          "command 'no-such-command-anywhere' not found",
          "port " + busy + " is in use: something listens on it");
      assertThat(result.message().lines().toList().get(4)).matches("needs 1024\\.0 TB free at "
          + dir.resolve("new/data")
          + " \\(its nearest existing parent " + dir + "\\), has \\d+(\\.\\d)? (bytes|KB|MB|GB|TB)");
      assertThat(result.fields()).containsEntry("checks", 9);
      assertThat(dir.resolve("new")).doesNotExist();
    }
  }

  /**
   * Java binds IPv6 sockets, so a JVM listening on one IPv4 address shows in /proc/net/tcp6 as
   * ::ffff:a.b.c.d: it holds the port on that address, and on no other.
   */
  @Test
  void aJavaListenerOnTheNodesOwnAddressIsSeenAndOneOnAnotherAddressIsNot() throws IOException {
    try (ServerSocket listener = new ServerSocket()) {
      listener.bind(new java.net.InetSocketAddress("127.0.1.58", 0));
      int busy = listener.getLocalPort();

      ModuleResult taken = run(Map.of("ports_free", List.of(busy), "address", "127.0.1.58"));
      ModuleResult elsewhere = run(Map.of("ports_free", List.of(busy), "address", "127.0.1.59"));

      assertThat(taken.failed()).isTrue();
      assertThat(taken.message()).contains("port " + busy + " is in use: something listens on it (on 127.0.1.58");
      assertThat(elsewhere.failed()).as(elsewhere.message()).isFalse();
    }
  }

  @Test
  void passesWhenEverythingHolds() throws IOException {
    int closed;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = probe.getLocalPort();
    }

    ModuleResult result = run(Map.of(
        "paths_exist", dir.toString(),
        "paths_absent", List.of(dir.resolve("not-yet").toString()),
        "writable", List.of(dir.toString(), dir.resolve("to/be/created").toString()),
        "free_space", List.of(Map.of("path", dir.toString(), "bytes", "1K")),
        "commands", List.of("sh", "tar"),
        "ports_free", List.of(closed)));

    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(result.changed()).isFalse();
    assertThat(result.message()).isEqualTo("all 8 checks passed");
    assertThat(dir.resolve("to")).doesNotExist();
  }

  @Test
  void mistakesInTheArgumentsAreAllReportedBeforeAnythingRuns() {
    ModuleResult result = run(Map.of(
        "paths_exist", List.of("relative/path"),
        "free_space", List.of(Map.of("path", "/data"), Map.of("path", "/data", "bytes", "lots")),
        "ports_free", List.of(70000, "http")));

    assertThat(result.failed()).isTrue();
    assertThat(result.message().lines()).hasSize(5).anyMatch(line -> line.contains("'relative/path' is not an"
        + " absolute path")).anyMatch(line -> line.contains("needs a path and bytes"))
        .anyMatch(line -> line.contains("'lots'")).anyMatch(line -> line.contains("70000 is outside 1-65535"))
        .anyMatch(line -> line.contains("'http'"));
  }

  @Test
  void aClockWithinTheLimitPassesAndOneOutsideItIsNamedWithHowFarOff() {
    ModuleResult same = run(Map.of("clock_within", 10));
    ModuleResult behind = run(Map.of("clock_within", 10), Clock.offset(Clock.systemUTC(), Duration.ofSeconds(75)));
    ModuleResult ahead = run(Map.of("clock_within", 10), Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-40)));

    assertThat(same.failed()).as(same.message()).isFalse();
    assertThat(same.message()).isEqualTo("all 1 checks passed");
    assertThat(behind.failed()).isTrue();
    // The figure is the least the clocks can differ by: the time the script took to run comes off it,
    // which on a loaded machine is seconds.
    assertThat(behind.message()).matches("n1's clock is (6[5-9]|7[0-5]) s behind this machine's \\(at most 10 s may be\\)"
        + ".*NTP.*");
    assertThat(ahead.message()).matches("n1's clock is (3[0-9]|40) s ahead of this machine's .*");
    assertThat(run(Map.of("clock_within", "soon")).message()).contains("'soon'");
  }

  private ModuleResult run(Map<String, Object> arguments) {
    return run(arguments, Clock.systemUTC());
  }

  private ModuleResult run(Map<String, Object> arguments, Clock clock) {
    TransportModuleCall.Context context = new TransportModuleCall.Context(new LocalTransport(), Map.of("n1", HOST),
        "run1", false, dir, name -> Optional.empty());
    return new PreflightModule(clock).execute(new TransportModuleCall(context, "n1", "n1", arguments, text -> text,
        message -> { }));
  }
}
