package dev.orchestrate.core.module.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.TransportModuleCall;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.LocalTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synchrony started once by its script, and stopped again by the rollback's undo of that start. */
class SynchronyServiceModuleTest {
  private static final Host HOST = new Host("n1", "127.0.0.1", new SshSettings("confluence", 22, Optional.empty(),
      Optional.empty(), Optional.empty(), Path.of("/dev/null"), SshSettings.Become.NONE, Duration.ofSeconds(5)));

  @TempDir
  Path dir;

  @Test
  void startsOnceAndItsUndoStopsWhatItStarted() throws Exception {
    Path script = dir.resolve("start-synchrony.sh");
    Files.writeString(script, "#!/bin/sh\nsleep 60 </dev/null >/dev/null 2>&1 &\necho $! > " + dir.resolve("synchrony.pid")
        + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Map<String, Object> arguments = Map.of("home", dir.toString(), "start_script", script.toString());

    ModuleResult started = new SynchronyServiceModule().execute(call(false, arguments));
    long pid = Long.parseLong(Files.readString(dir.resolve("synchrony.pid")).strip());
    ModuleResult again = new SynchronyServiceModule().execute(call(false, arguments));

    assertThat(started.changed()).as(started.message()).isTrue();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
    assertThat(again.changed()).isFalse();
    assertThat(started.undo()).containsEntry("kind", "synchrony").containsEntry("was", "stopped");

    ModuleResult undone = new UndoModule().execute(call(false, Map.of("record", started.undo(), "run", "run1")));
    ModuleResult undoneAgain = new UndoModule().execute(call(false, Map.of("record", started.undo(), "run", "run1")));

    assertThat(undone.changed()).as(undone.message()).isTrue();
    Thread.sleep(200);
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(dir.resolve("synchrony.pid")).doesNotExist();
    assertThat(dir.resolve("synchrony.pid.orchestrate-rollback-run1")).exists();
    assertThat(undoneAgain.changed()).isFalse();
  }

  @Test
  void checkModeStartsNothing() {
    ModuleResult result = new SynchronyServiceModule().execute(call(true, Map.of("home", dir.toString(),
        "start_script", dir.resolve("missing.sh").toString())));

    assertThat(result.changed()).isTrue();
    assertThat(dir.resolve("synchrony.pid")).doesNotExist();
  }

  private static TransportModuleCall call(boolean checkMode, Map<String, Object> arguments) {
    TransportModuleCall.Context context = new TransportModuleCall.Context(new LocalTransport(), Map.of("n1", HOST),
        "run1", checkMode, Path.of("."), name -> Optional.empty());
    return new TransportModuleCall(context, "n1", "n1", arguments, text -> text, message -> { });
  }
}
