package dev.orchestrate.core.module.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.RecordingTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScratchDumpTest {
  @Test
  void dump() throws Exception {
    RecordingTransport recording = new RecordingTransport();
    Hosts hosts = Hosts.over(recording);
    new UriModule().execute(hosts.call(Map.of("url", "http://127.0.0.1:47123/status", "return_content", true)));
    Command command = hosts.commands.get(0);
    Files.writeString(Path.of("/tmp/uri.sh"), command.script());
    Files.write(Path.of("/tmp/uri.in"), command.stdin().orElseThrow());
  }
}
