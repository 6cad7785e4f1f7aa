package dev.orchestrate.core.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.edit.LocalModuleCall;
import dev.orchestrate.core.transport.CommandTimeoutException;
import dev.orchestrate.core.transport.ConnectionLostException;
import dev.orchestrate.core.transport.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which module runs again after a lost connection, how often, and how far apart. */
class ReconnectsTest {
  private final List<Duration> waits = new ArrayList<>();
  private final List<String> progress = new ArrayList<>();
  private final Reconnects reconnects = new Reconnects(waits::add);
  private final ModuleCall call = new LocalModuleCall(Map.of(), Map.of(), false);

  /** A module that throws {@code failure} on its first {@code failures} calls, then changes. */
  private static final class Dropping implements Module {
    private final boolean safeToRerun;
    private final TransportException failure;
    private int failures;
    private int calls;

    Dropping(boolean safeToRerun, int failures, TransportException failure) {
      this.safeToRerun = safeToRerun;
      this.failures = failures;
      this.failure = failure;
    }

    @Override
    public String name() {
      return "file";
    }

    @Override
    public Set<String> arguments() {
      return Set.of();
    }

    @Override
    public boolean safeToRerun() {
      return safeToRerun;
    }

    @Override
    public ModuleResult execute(ModuleCall call) {
      calls++;
      if (failures-- > 0) {
        throw failure;
      }
      return ModuleResult.changed("done");
    }
  }

  private static ConnectionLostException dropped() {
    return new ConnectionLostException("node1", "the connection dropped", null);
  }

  @Test
  void aModuleThatChecksFirstRunsAgainOneTwoFourSecondsApart() {
    Dropping module = new Dropping(true, 2, dropped());

    ModuleResult result = reconnects.execute(module, call, progress::add);

    assertThat(result.changed()).isTrue();
    assertThat(module.calls).isEqualTo(3);
    assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(progress).first().asString().contains("connection lost (", "file checks before it changes",
        "runs again in 1 s");
  }

  @Test
  void aModuleThatChecksFirstFailsAfterFourLostConnections() {
    ConnectionLostException lost = dropped();
    Dropping module = new Dropping(true, 10, lost);

    ModuleResult result = reconnects.execute(module, call, progress::add);

    assertThat(module.calls).isEqualTo(Reconnects.RERUNS_AFTER_LOST_CONNECTION);
    assertThat(result.failed()).isTrue();
    assertThat(result.message()).isEqualTo(lost.getMessage());
    assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void aModuleThatMayHaveDoneItsWorkFailsAtTheFirstLostConnection() {
    Dropping module = new Dropping(false, 1, dropped());

    ModuleResult result = reconnects.execute(module, call, progress::add);

    assertThat(module.calls).isEqualTo(1);
    assertThat(result.failed()).isTrue();
    assertThat(waits).isEmpty();
    assertThat(progress).isEmpty();
  }

  @Test
  void aCommandThatTimedOutFailsWithoutARerun() {
    CommandTimeoutException timeout = new CommandTimeoutException("node1", "no answer in 5 s", List.of());
    Dropping module = new Dropping(true, 1, timeout);

    ModuleResult result = reconnects.execute(module, call, progress::add);

    assertThat(module.calls).isEqualTo(1);
    assertThat(result.failed()).isTrue();
    assertThat(result.message()).isEqualTo(timeout.getMessage());
  }
}
