package dev.orchestrate.ssh;

import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.TransportException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * Tells a sudo that cannot run commands from a command that failed, under {@code become: sudo}:
 * once when the connection opens, and again on every failed result, since every session runs
 * sudo anew. Either way the host is named and the fix is said: {@code sudo -n} never asks for
 * the password it wants.
 */
final class SudoCheck {
  private SudoCheck() {}

  /** Fails now, naming the host, when {@code sudo -n} cannot run commands over {@code client}. */
  static void probe(SSHClient client, Host host) {
    try (Session session = client.startSession()) {
      Session.Command probe = session.exec("sudo -n true");
      String err = new String(probe.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      HostConnection.join(probe, Duration.ofSeconds(30));
      Integer status = probe.getExitStatus();
      if (status == null || status != 0) {
        throw problem(host, err, status == null ? -1 : status);
      }
    } catch (IOException e) {
      throw new TransportException(host.name(), host.describe() + ": cannot check sudo: "
          + HostConnection.reason(e), e);
    }
  }

  /** {@code result} as it is, unless sudo itself refused to run the command. */
  static CommandResult passed(Host host, CommandResult result) {
    if (host.ssh().become() == SshSettings.Become.SUDO && !result.succeeded()
        && (RemoteScripts.sudoWantsPassword(result.stderr()) || RemoteScripts.sudoMissing(result.stderr()))) {
      throw problem(host, result.stderr(), result.exitStatus());
    }
    return result;
  }

  private static TransportException problem(Host host, String stderr, int status) {
    if (RemoteScripts.sudoWantsPassword(stderr)) {
      return new TransportException(host.name(), host.describe() + ": sudo asks for a password, and orchestrate runs"
          + " `sudo -n`, which never types one. Allow " + host.ssh().user() + " to run commands without a password"
          + " (NOPASSWD in sudoers), or log in as the user that owns Confluence and set become: none.");
    }
    if (RemoteScripts.sudoMissing(stderr) || status == 127) {
      return new TransportException(host.name(), host.describe() + ": become: sudo is set, but sudo is not"
          + " installed on this host (" + stderr.strip() + ").");
    }
    return new TransportException(host.name(), host.describe() + ": `sudo -n true` failed with status " + status
        + ": " + stderr.strip());
  }
}
