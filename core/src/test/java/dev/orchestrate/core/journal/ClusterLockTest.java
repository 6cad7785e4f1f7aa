package dev.orchestrate.core.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.LocalTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster's lock on a real disk: taken, refused while its holder lives, taken over when it is gone or forced. */
class ClusterLockTest {
  private static final Instant SINCE = Instant.parse("2026-12-01T10:00:00Z");

  @TempDir
  Path dir;

  private final LocalTransport local = new LocalTransport();
  private final List<String> warnings = new ArrayList<>();
  private final String here = ClusterLock.Holder.me("probe", "apply").host();
  private Process alive;

  @AfterEach
  void stopTheHolder() {
    if (alive != null) {
      alive.destroyForcibly();
    }
  }

  private ClusterState state() {
    SshSettings ssh = new SshSettings("tester", 22, Optional.empty(), Optional.empty(), Optional.empty(),
        Path.of("/dev/null"), SshSettings.Become.NONE, Duration.ofSeconds(5));
    return new ClusterState(new Host("node1", "127.0.0.1", ssh), RemotePath.of(dir.resolve("state").toString()));
  }

  private Path lock() {
    return dir.resolve("state/lock");
  }

  private ClusterLock acquire(ClusterLock.Holder holder, boolean force) {
    return ClusterLock.acquire(local, state(), holder, force, warnings::add);
  }

  private ClusterLock.Holder holder(String run, String host, long pid) {
    return new ClusterLock.Holder(run, "apply", host, "ops", pid, SINCE);
  }

  private long livePid() throws Exception {
    alive = new ProcessBuilder("sleep", "60").start();
    return alive.pid();
  }

  @Test
  void theLockIsAFolderNamingItsHolderAndClosingReleasesIt() throws Exception {
    try (ClusterLock lock = acquire(holder("run-1", here, 4242), false)) {
      assertThat(lock.holder().run()).isEqualTo("run-1");
      assertThat(lock()).isDirectory();
      assertThat(Json.read(Files.readString(lock().resolve("holder.json")).strip())).isEqualTo(Map.of(
          "run", "run-1", "command", "apply", "host", here, "user", "ops", "pid", 4242, "since", SINCE.toString()));
    }
    assertThat(lock()).doesNotExist();
    assertThat(warnings).isEmpty();
    acquire(holder("run-2", here, 4243), false).close();
  }

  @Test
  void aLiveHolderOfThisMachineIsRefusedNamingItAndItsLockStays() throws Exception {
    long pid = livePid();
    try (ClusterLock held = acquire(holder("run-1", here, pid), false)) {
      assertThatThrownBy(() -> acquire(holder("run-2", here, ProcessHandle.current().pid()), false))
          .isInstanceOfSatisfying(OrchestrateException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.LOCKED))
          .hasMessageContaining("locked by run run-1 (orchestrate apply) by ops@" + here + ", pid " + pid)
          .hasMessageContaining("--force-unlock");
      assertThat(Files.readString(lock().resolve("holder.json"))).contains("\"run-1\"");
      assertThat(warnings).isEmpty();
    }
  }

  @Test
  void aHolderOnAnotherMachineIsRefusedWhateverItsPid() throws Exception {
    acquire(holder("run-1", "ci-runner-7", 1), false);

    assertThatThrownBy(() -> acquire(holder("run-2", here, 2), false))
        .isInstanceOfSatisfying(OrchestrateException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.LOCKED))
        .hasMessageContaining("ops@ci-runner-7");
  }

  @Test
  void aHolderWhoseProcessIsGoneFromThisMachineIsTakenOverWithAWarning() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    acquire(holder("dead-run", here, gone.pid()), false);

    try (ClusterLock lock = acquire(holder("run-2", here, ProcessHandle.current().pid()), false)) {
      assertThat(lock.holder().run()).isEqualTo("run-2");
      assertThat(Files.readString(lock().resolve("holder.json"))).contains("\"run-2\"").doesNotContain("dead-run");
    }
    assertThat(warnings).singleElement().asString().contains("dead-run", "no longer runs on this machine");
    try (var left = Files.list(dir.resolve("state"))) {
      assertThat(left).as("nothing of the old lock is left beside it").isEmpty();
    }
  }

  @Test
  void forceUnlockTakesALiveHoldersLockAndItsCloseThenLeavesTheNewOne() throws Exception {
    long pid = livePid();
    ClusterLock first = acquire(holder("run-1", here, pid), false);

    ClusterLock second = acquire(holder("run-2", here, ProcessHandle.current().pid()), true);

    assertThat(warnings).singleElement().asString().contains("run run-1", "(--force-unlock)");
    first.close();
    assertThat(Files.readString(lock().resolve("holder.json"))).as("the first run no longer holds it").contains("\"run-2\"");
    second.close();
    assertThat(lock()).doesNotExist();
  }

  @Test
  void aLockWithoutAReadableHolderIsRefusedAsHeldByAnUnknownRun() throws Exception {
    Files.createDirectories(lock());
    Files.writeString(lock().resolve("holder.json"), "{\"run\":\"run-1\",\"pi");

    assertThatThrownBy(() -> acquire(holder("run-2", here, ProcessHandle.current().pid()), false))
        .isInstanceOfSatisfying(OrchestrateException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.LOCKED))
        .hasMessageContaining("locked by run unknown");
    try (ClusterLock lock = acquire(holder("run-2", here, ProcessHandle.current().pid()), true)) {
      assertThat(lock.holder().run()).isEqualTo("run-2");
    }
  }
}
