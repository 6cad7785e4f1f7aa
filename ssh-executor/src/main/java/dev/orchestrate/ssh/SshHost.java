package dev.orchestrate.ssh;

import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Host;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

/**
 * One host as the transport holds it: its connection, and the two runners its commands take. A
 * command with nothing to write to it goes to the persistent shells (a write and a fork each);
 * one with standard input or secrets gets a session of its own, since both travel on the
 * session's stdin and the shell's stdin is the stream of commands.
 */
record SshHost(HostConnection connection, CommandRunner shells, CommandRunner sessions) {
  SshHost {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(shells, "shells");
    Objects.requireNonNull(sessions, "sessions");
  }

  /** {@code connection}'s host with its runners: up to {@code options.shellsPerHost()} shells, and sessions. */
  static SshHost on(HostConnection connection, SshTransport.Options options, ExecutorService threads) {
    Stopper stopper = new Stopper(connection, options.killGraceSeconds());
    return new SshHost(connection, ShellRunner.on(connection, options.shellsPerHost(), stopper, threads),
        new SessionRunner(connection, stopper, threads));
  }

  Host host() {
    return connection.host();
  }

  /** The runner {@code command} takes. */
  CommandRunner runnerFor(Command command) {
    return command.stdin().isEmpty() && command.secrets().isEmpty() ? shells : sessions;
  }

  CommandResult run(Command command) {
    return runnerFor(command).run(command);
  }
}
