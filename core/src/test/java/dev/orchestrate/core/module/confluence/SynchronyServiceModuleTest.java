package dev.orchestrate.core.module.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.undo.SynchronyWas;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.TransportModuleCall;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.LocalTransport;
import dev.orchestrate.core.transport.RecordingTransport;
import dev.orchestrate.core.transport.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
    assertThat(started.undo()).containsExactly(SynchronyWas.stopped(dir.toString()));

    Map<String, Object> record = started.undo().get(0).toJson();
    ModuleResult undone = new UndoModule().execute(call(false, Map.of("record", record, "run", "run1")));
    ModuleResult undoneAgain = new UndoModule().execute(call(false, Map.of("record", record, "run", "run1")));

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

  @ParameterizedTest(name = "status {0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "1 | sudo: a password is required | status 1: sudo: a password is required",
      "2 | sh: 1: Syntax error: end of file unexpected | status 2: sh: 1: Syntax error",
      "0 | '' | printed '' instead of alive or stopped",
      "0 | <html>502</html> | printed '<html>502</html>' instead of alive or stopped"})
  void aCheckThatProvesNothingStartsNothing(int status, String output, String said) {
    RecordingTransport transport = new RecordingTransport().respond("n1", "synchrony\\.pid", status, output + "\n");

    ModuleResult result = new SynchronyServiceModule().execute(call(transport, false, Map.of("home", dir.toString(),
        "start_script", dir.resolve("start-synchrony.sh").toString())));

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).contains("cannot tell whether Synchrony runs on n1: ", said, "Nothing was started");
    assertThat(transport.scripts("n1")).hasSize(1);
    assertThat(result.undo()).isEmpty();
  }

  private static TransportModuleCall call(boolean checkMode, Map<String, Object> arguments) {
    return call(new LocalTransport(), checkMode, arguments);
  }

  private static TransportModuleCall call(Transport transport, boolean checkMode, Map<String, Object> arguments) {
    TransportModuleCall.Context context = new TransportModuleCall.Context(transport, Map.of("n1", HOST),
        "run1", checkMode, Path.of("."), name -> Optional.empty());
    return new TransportModuleCall(context, "n1", "n1", arguments, text -> text, message -> { });
  }
}
