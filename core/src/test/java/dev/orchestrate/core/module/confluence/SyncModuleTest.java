package dev.orchestrate.core.module.confluence;

import dev.orchestrate.core.undo.SetAside;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.TransportModuleCall;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.LocalTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncModuleTest {
  private static final SshSettings SSH = new SshSettings("confluence", 22, Optional.empty(), Optional.empty(),
      Optional.empty(), Path.of("/dev/null"), SshSettings.Become.NONE, Duration.ofSeconds(5));

  @TempDir
  Path dir;
  private Path install;

  @BeforeEach
  void installation() throws IOException {
    install = Files.createDirectories(dir.resolve("node1/opt/atlassian/confluence/bin"));
    Files.writeString(install.resolve("start-confluence.sh"), "#!/bin/sh\n");
  }

  @Test
  void anExistingDestinationThatIsNotACopyFailsTheTaskAndIsLeftAlone() throws IOException {
    Path dest = Files.createDirectories(dir.resolve("node2/opt/atlassian/confluence"));
    Files.writeString(dest.resolve("mine"), "already here");

    ModuleResult result = run(false, Map.of("from", "n1", "src", install.toString(), "dest", dest.toString()));

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).contains("is there already", "is not a copy of n1:" + install, "move " + dest
        + " aside");
    assertThat(result.undo()).isEmpty();
    assertThat(dest).isDirectoryContaining(path -> path.getFileName().toString().equals("mine"));
    assertThat(dest.resolve("start-confluence.sh")).doesNotExist();
  }

  @Test
  void anExistingDestinationThatIsTheSameTreeIsKeptIgnoringWhatConfluenceAndTheNextTasksChange() throws IOException {
    Path source = install.getParent();
    Files.createDirectories(source.resolve("logs"));
    Files.writeString(source.resolve("logs/catalina.out"), "node1's log");
    Files.writeString(Files.createDirectories(source.resolve("confluence/WEB-INF/classes"))
        .resolve("confluence-init.properties"), "confluence.home=/var/atlassian/node1\n");
    Path dest = dir.resolve("node2/opt/atlassian/confluence");
    assertThat(run(false, Map.of("from", "n1", "src", source.toString(), "dest", dest.toString())).changed()).isTrue();
    Files.writeString(dest.resolve("logs/catalina.out"), "node2's own log");
    Files.createDirectories(dest.resolve("work"));
    Files.writeString(dest.resolve("work/catalina.pid"), "4711\n");
    Files.writeString(dest.resolve("confluence/WEB-INF/classes/confluence-init.properties.orchestrate-run1"),
        "confluence.home=/var/atlassian/node1\n");
    Files.writeString(dest.resolve("confluence/WEB-INF/classes/confluence-init.properties"),
        "confluence.home=/var/atlassian/node2\n");

    ModuleResult kept = run(false, Map.of("from", "n1", "src", source.toString(), "dest", dest.toString()));

    assertThat(kept.failed()).as(kept.message()).isFalse();
    assertThat(kept.changed()).isFalse();
    assertThat(kept.message()).contains("is the same as n1:" + source, "file by file (1 files); kept");
    assertThat(kept.undo()).isEmpty();

    Files.writeString(dest.resolve("bin/start-confluence.sh"), "#!/bin/sh\necho changed\n");
    ModuleResult changed = run(false, Map.of("from", "n1", "src", source.toString(), "dest", dest.toString()));
    assertThat(changed.failed()).isTrue();
    assertThat(changed.message()).contains("is not a copy of n1:" + source, "contents differ");
    assertThat(dest.resolve("bin/start-confluence.sh")).content().contains("echo changed");
  }

  @Test
  void anAbsentDestinationReceivesTheCopyAndItsUndo() {
    Path dest = dir.resolve("node2/opt/atlassian/confluence/bin");

    ModuleResult result = run(false, Map.of("from", "n1", "src", install.toString(), "dest", dest.toString()));

    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(result.changed()).isTrue();
    assertThat(dest.resolve("start-confluence.sh")).hasContent("#!/bin/sh");
    assertThat(result.fields()).containsKeys("files", "bytes", "seconds", "rate");
    assertThat(result.undo()).containsExactly(SetAside.copy(dest.toString()));
  }

  @Test
  void checkModeReportsTheCopyWithoutMakingIt() {
    Path dest = dir.resolve("node2/copy");

    ModuleResult result = run(true, Map.of("from", "n1", "src", install.toString(), "dest", dest.toString()));

    assertThat(result.changed()).isTrue();
    assertThat(result.message()).startsWith("would copy");
    assertThat(dest).doesNotExist();
  }

  @Test
  void anUnknownSourceNodeFails() {
    ModuleResult result = run(false, Map.of("from", "node9", "src", install.toString()));

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).contains("no node named 'node9'");
  }

  private ModuleResult run(boolean checkMode, Map<String, Object> arguments) {
    TransportModuleCall.Context context = new TransportModuleCall.Context(new LocalTransport(),
        Map.of("n1", new Host("n1", "127.0.0.1", SSH), "n2", new Host("n2", "127.0.0.2", SSH)), "run1", checkMode, dir,
        name -> Optional.empty());
    return new SyncModule().execute(new TransportModuleCall(context, "n2", "n2", arguments, text -> text,
        message -> { }));
  }
}
