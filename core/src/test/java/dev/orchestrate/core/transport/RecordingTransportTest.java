package dev.orchestrate.core.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.topology.SshSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordingTransportTest {
  static final SshSettings SSH = new SshSettings("confluence", 22, Optional.empty(), Optional.empty(), Optional.empty(),
      Path.of("/dev/null"), SshSettings.Become.NONE, Duration.ofSeconds(10));
  private final Host node1 = new Host("node1", "10.0.0.11", SSH);
  private final Host node2 = new Host("node2", "10.0.0.12", SSH);

  @Test
  void answersFromTheNewestMatchingRuleAndRecordsEveryCall() {
    RecordingTransport transport = new RecordingTransport()
        .respond("*", "cat .*/status", 0, "{\"state\":\"STARTING\"}")
        .respond("node2", "cat .*/status", 0, "{\"state\":\"RUNNING\"}");
    List<String> heard = new ArrayList<>();

    CommandResult one = transport.run(node1, Command.of("cat /x/status"));
    CommandResult two = transport.run(node2, Command.of("cat /x/status").withListener((s, line) -> heard.add(line)));
    CommandResult other = transport.run(node2, Command.of("true"));

    assertThat(one.stdout()).contains("STARTING");
    assertThat(two.stdout()).contains("RUNNING");
    assertThat(heard).containsExactly("{\"state\":\"RUNNING\"}");
    assertThat(other.succeeded()).isTrue();
    assertThat(transport.scripts("node2")).containsExactly("cat /x/status", "true");
  }

  @Test
  void uploadedFilesCanBeReadBackAndCopiedBetweenHosts() {
    RecordingTransport transport = new RecordingTransport();
    RemotePath home = RemotePath.of("/var/confluence");
    transport.upload(node1, home.resolve("confluence.cfg.xml"), "<x/>".getBytes(StandardCharsets.UTF_8), 0640);

    CopyReport report = transport.copyTree(node1, home, node2, RemotePath.of("/data/home"), CopyListener.IGNORE);

    assertThat(report.files()).isEqualTo(1);
    assertThat(transport.download(node2, RemotePath.of("/data/home/confluence.cfg.xml"), 100))
        .hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("<x/>"));
    assertThat(transport.download(node2, RemotePath.of("/nope"), 100)).isEmpty();
    assertThat(transport.calls()).extracting(RecordingTransport.Call::kind)
        .containsExactly("upload", "copyTree", "download", "download");
  }
}
