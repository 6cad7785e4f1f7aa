package dev.orchestrate.ssh;

import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandTimeoutException;
import dev.orchestrate.core.transport.Shell;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.schmizz.sshj.connection.channel.direct.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops what a command that overstayed its timeout left running on one host: TERM to its process
 * group, a grace period, then KILL ({@link RemoteScripts}), sent from a session of its own outside
 * the per-host limits, so that it cannot queue behind what it stops. No SSH "signal" request: the
 * server may have closed the channel by then, and OpenSSH answers a request on a closed channel by
 * dropping the whole connection.
 */
final class Stopper {
  // The connection's logger, which has always reported this: the log line reads as it did.
  private static final Logger log = LoggerFactory.getLogger(HostConnection.class);

  private final HostConnection connection;
  private final int graceSeconds;

  Stopper(HostConnection connection, int graceSeconds) {
    this.connection = connection;
    this.graceSeconds = graceSeconds;
  }

  /** How long a stopped command may take to end, from TERM to KILL. */
  int graceSeconds() {
    return graceSeconds;
  }

  /** Stops process {@code pid} and the process group it leads, as a session's command does. */
  void stopProcessGroup(long pid) {
    run(RemoteScripts.stopProcessGroup(pid, graceSeconds));
  }

  /** Stops every command the persistent shell {@code shellPid} has started, and their groups. */
  void stopChildrenOf(long shellPid) {
    run(RemoteScripts.stopChildrenOf(shellPid, graceSeconds));
  }

  /** What the caller of a stopped {@code command} is told, with the last lines it printed. */
  CommandTimeoutException timedOut(Command command, List<String> out, List<String> err) {
    List<String> last = new ArrayList<>(out);
    last.addAll(err);
    return new CommandTimeoutException(connection.host().name(), connection.host().describe() + ": `"
        + command.describe() + "` ran longer than " + command.timeout().toSeconds() + "s and was stopped", last);
  }

  private void run(String script) {
    try (Session session = connection.startSession()) {
      Session.Command process = session.exec(RemoteScripts.as(connection.host().ssh().become(),
          "sh -c " + Shell.quote(script)));
      HostConnection.join(process, Duration.ofSeconds(graceSeconds + 10L));
    } catch (IOException | RuntimeException e) {
      log.warn("{}: could not stop a command that timed out: {}", connection.host().describe(), e.toString());
    }
  }
}
