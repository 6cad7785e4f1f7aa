package dev.orchestrate.core.module.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.TransportModuleCall;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.RecordingTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * preflight's decisions, with no host: what the lines its script prints mean for each check, and
 * that every problem is reported at once.
 */
class PreflightChecksTest {
  private static final Host HOST = new Host("n1", "127.0.0.1", new SshSettings("confluence", 22, Optional.empty(),
      Optional.empty(), Optional.empty(), Path.of("/dev/null"), SshSettings.Become.NONE, Duration.ofSeconds(5)));
  /** 2024-01-01T00:00:00Z on this machine, in milliseconds. */
  private static final long NOW = 1_704_067_200_000L;

  static Stream<Arguments> problems() {
    return Stream.of(
        Arguments.of(Map.of("paths_exist", List.of("/opt/atlassian/confluence")), "exists 0 no\n",
            List.of("/opt/atlassian/confluence does not exist")),
        Arguments.of(Map.of("paths_absent", List.of("/shared")), "exists 0 yes\n",
            List.of("/shared exists, and must not")),
        Arguments.of(Map.of("paths_exist", List.of("/a"), "paths_absent", List.of("/b")), "exists 0 yes\n",
            List.of("could not check whether /b exists, status 0: exists 0 yes")),
        Arguments.of(Map.of("writable", List.of("/a", "/b", "/c/d", "/e")),
            "writable 0 readonly\nwritable 1 notdir\nwritable 2 ancestor /c\n",
            List.of("/a is not writable", "/b exists and is not a directory",
                "/c/d cannot be created: /c, its nearest existing parent, is not a writable directory",
                "could not check whether /e is writable, status 0: writable 0 readonly\nwritable 1 notdir\n"
                    + "writable 2 ancestor /c")),
        Arguments.of(Map.of("free_space", List.of(Map.of("path", "/data/new", "bytes", "2GB"),
                Map.of("path", "/data", "bytes", 1024), Map.of("path", "/mnt", "bytes", 1))),
            "free 0 1048576 /data\nfree 1 0 /data\nfree 2 - /mnt\n",
            List.of("needs 2.0 GB free at /data/new (its nearest existing parent /data), has 1.0 GB",
                "needs 1.0 KB free at /data, has 0 bytes", "could not read the free space at /mnt")),
        Arguments.of(Map.of("commands", List.of("tar", "rsync", "java")), "command 0 yes\ncommand 1 no\n",
            List.of("command 'rsync' not found", "command 'java' not found")),
        Arguments.of(Map.of("ports_free", List.of(8090)), "listening unknown\n",
            List.of("cannot check ports [8090]: /proc/net/tcp is not readable")),
        Arguments.of(Map.of("ports_free", List.of(8090, 8091)), "",
            List.of("could not check ports [8090, 8091], status 0")),
        Arguments.of(Map.of("ports_free", List.of(8090, 8091, 5701)), "listening 00000000:1F9A 0100007F:1F9B \n",
            List.of("port 8090 is in use: something listens on it",
                "port 8091 is in use: something listens on it")));
  }

  @ParameterizedTest
  @MethodSource("problems")
  void eachFactThatFailsACheckIsOneProblemAndAllAreReported(Map<String, Object> arguments, String printed,
      List<String> expected) {
    ModuleResult result = result(arguments, printed, NOW, NOW);

    assertThat(result.failed()).isTrue();
    assertThat(result.changed()).isFalse();
    assertThat(result.message()).isEqualTo(String.join("\n", expected));
    assertThat(result.fields()).containsEntry("problems", expected);
    assertThat(result.undo()).isEmpty();
  }

  @Test
  void everyCheckThatHoldsPasses() {
    ModuleResult result = result(Map.of(
        "paths_exist", List.of("/opt"), "paths_absent", List.of("/shared"), "writable", List.of("/var/new"),
        "free_space", List.of(Map.of("path", "/var", "bytes", "1M")), "commands", List.of("tar"),
        "ports_free", List.of(8090)),
        "exists 0 yes\nexists 1 no\nwritable 0 ok\nfree 0 1024 /var\ncommand 0 yes\nlistening 0100007F:1F40 \n",
        NOW, NOW);

    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(result.message()).isEqualTo("all 6 checks passed");
    assertThat(result.fields()).containsEntry("checks", 6).containsEntry("problems", List.of());
  }

  /** Several sandbox hosts share one kernel, each on its own address: only a listener that covers the node's counts. */
  @Test
  void aListenerOnAnotherAddressLeavesThePortFree() {
    Map<String, Object> arguments = Map.of("ports_free", List.of(8090), "address", "127.0.1.58");

    assertThat(result(arguments, "listening 3B01007F:1F9A \n", NOW, NOW).failed()).isFalse();
    assertThat(result(arguments, "listening 3A01007F:1F9A \n", NOW, NOW).message())
        .isEqualTo("port 8090 is in use: something listens on it (on 127.0.1.58 or on every address)");
    assertThat(result(arguments, "listening 0000000000000000FFFF00003A01007F:1F9A \n", NOW, NOW).failed())
        .as("a Java listener, IPv4 through tcp6").isTrue();
    assertThat(result(arguments, "listening 00000000000000000000000000000000:1F9A \n", NOW, NOW).failed())
        .as("every IPv6 address").isTrue();
  }

  @Test
  void theNodesClockIsComparedWithTheWindowTheScriptRanIn() {
    Map<String, Object> arguments = Map.of("clock_within", 10);
    long seconds = NOW / 1000;

    assertThat(result(arguments, "clock " + seconds + "\n", NOW - 2_000, NOW + 2_000).failed()).isFalse();
    assertThat(result(arguments, "clock " + (seconds + 30) + "\n", NOW - 2_000, NOW + 2_000).message())
        .startsWith("n1's clock is 28 s ahead of this machine's (at most 10 s may be): synchronise it (NTP) first");
    assertThat(result(arguments, "clock " + (seconds - 30) + "\n", NOW, NOW).message())
        .startsWith("n1's clock is 29 s behind this machine's");
    assertThat(result(arguments, "", NOW, NOW).message()).isEqualTo("could not read n1's clock, status 0");
  }

  @Test
  void theClockIsReadFirstInTheScript() {
    PreflightChecks checks = checks(Map.of("clock_within", 5, "paths_exist", List.of("/opt")));
    String script = checks.command().script();

    assertThat(script.indexOf("echo \"clock $(date +%s)\"")).isPositive()
        .isLessThan(script.indexOf("exists 0 /opt"));
    assertThat(checks.count()).isEqualTo(2);
  }

  @Test
  void mistakesAreReadBeforeAnythingRuns() {
    PreflightChecks checks = checks(Map.of("commands", List.of("-rf", "two words"), "clock_within", -1,
        "paths_absent", List.of("relative")));

    assertThat(checks.mistakes()).containsExactlyInAnyOrder("commands: '-rf' is not a command name",
        "commands: 'two words' is not a command name", "clock_within: -1 is not a number of seconds",
        "paths_absent: 'relative' " + RemotePath.problem("relative").orElseThrow());
  }

  private static ModuleResult result(Map<String, Object> arguments, String printed, long before, long after) {
    RecordingTransport transport = new RecordingTransport();
    ModuleResult result = checks(transport, arguments)
        .result("n1", new CommandResult(0, printed, "", false, Duration.ZERO), before, after);
    assertThat(transport.calls()).as("reading the checks reaches no host").isEmpty();
    return result;
  }

  private static PreflightChecks checks(Map<String, Object> arguments) {
    RecordingTransport transport = new RecordingTransport();
    PreflightChecks checks = checks(transport, arguments);
    assertThat(transport.calls()).as("reading the checks reaches no host").isEmpty();
    return checks;
  }

  private static PreflightChecks checks(RecordingTransport transport, Map<String, Object> arguments) {
    TransportModuleCall.Context context = new TransportModuleCall.Context(transport, Map.of("n1", HOST), "run1",
        false, Path.of("."), name -> Optional.empty());
    return PreflightChecks.read(new TransportModuleCall(context, "n1", "n1", arguments, text -> text, message -> { }));
  }
}
