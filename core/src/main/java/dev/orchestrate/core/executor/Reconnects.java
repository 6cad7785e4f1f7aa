package dev.orchestrate.core.executor;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.transport.CommandTimeoutException;
import dev.orchestrate.core.transport.ConnectionLostException;
import dev.orchestrate.core.transport.CopyException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What a transport failure during a module call comes to: a lost connection reruns a module that
 * checks before it changes ({@link Module#safeToRerun()}), and fails any other, which may have
 * done its work once already; a command that timed out or a copy that failed fails the call.
 */
final class Reconnects {
  /** A module safe to rerun gets this many tries when its connection drops, 1 s, 2 s, 4 s apart. */
  static final int RERUNS_AFTER_LOST_CONNECTION = 4;

  private final Sleeper sleeper;

  Reconnects(Sleeper sleeper) {
    this.sleeper = sleeper;
  }

  /** @param progress hears each rerun before its wait */
  ModuleResult execute(Module module, ModuleCall call, Consumer<String> progress) {
    ModuleResult result = null;
    for (int attempt = 1; result == null; attempt++) {
      try {
        result = module.execute(call);
      } catch (ConnectionLostException e) {
        if (!module.safeToRerun() || attempt >= RERUNS_AFTER_LOST_CONNECTION) {
          result = ModuleResult.failed(e.getMessage());
        } else {
          Duration backoff = Duration.ofSeconds(1L << (attempt - 1));
          progress.accept("connection lost (" + e.getMessage() + "); " + module.name()
              + " checks before it changes, so it runs again in " + backoff.toSeconds() + " s");
          sleeper.sleep(backoff);
        }
      } catch (CommandTimeoutException | CopyException e) {
        result = ModuleResult.failed(e.getMessage());
      }
    }
    return result;
  }
}
