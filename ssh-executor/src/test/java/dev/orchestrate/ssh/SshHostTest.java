package dev.orchestrate.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.Secret;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Host;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which runner a command takes, decided without a host: nothing here connects. */
class SshHostTest {
  private final List<String> ran = new ArrayList<>();
  private final HostConnection connection = new HostConnection(
      new Host("node1", "127.0.0.1", new SshSettings("confluence", 22, Optional.empty(), Optional.empty(),
          Optional.empty(), Path.of("known_hosts"), SshSettings.Become.NONE, Duration.ofSeconds(10))),
      new Connector(new Logins(new Environment(Map.of(), Path.of("/nonexistent"), "confluence")),
          new KnownHostsVerifier(SshTransport.HostKeyPolicy.STRICT), Duration.ofSeconds(15)),
      4);
  private final SshHost host = new SshHost(connection, recording("shell"), recording("session"));

  @AfterEach
  void close() {
    connection.close();
  }

  private CommandRunner recording(String way) {
    return command -> {
      ran.add(way + ": " + command.script());
      return new CommandResult(0, "", "", false, Duration.ZERO);
    };
  }

  @Test
  void aCommandWithNothingToWriteToItTakesThePersistentShell() {
    host.run(Command.of("systemctl is-active confluence"));
    host.run(Command.of("sleep 1").withTimeout(Duration.ofSeconds(5)).withListener((stream, line) -> {}));

    assertThat(ran).containsExactly("shell: systemctl is-active confluence", "shell: sleep 1");
  }

  @Test
  void aCommandWithInputOrSecretsTakesASessionOfItsOwn() {
    host.run(Command.of("cat > confluence.cfg.xml").withStdin("<x/>".getBytes(StandardCharsets.UTF_8)));
    host.run(Command.of("wc -c").withStdin(new byte[0]));
    host.run(Command.of("psql -c 'select 1'").withSecret("PGPASSWORD", new Secret("hunter2")));

    assertThat(ran).containsExactly("session: cat > confluence.cfg.xml", "session: wc -c",
        "session: psql -c 'select 1'");
  }
}
