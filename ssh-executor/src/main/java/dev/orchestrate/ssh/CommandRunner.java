package dev.orchestrate.ssh;

import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;

/**
 * One way a command reaches one host: a {@link ShellRunner persistent shell}, or a {@link
 * SessionRunner session of its own}. {@link SshHost} says which a command takes.
 */
interface CommandRunner {
  /**
   * Runs {@code command} and waits, at most its timeout, for its result. A command that may have
   * started is never run a second time.
   *
   * @throws dev.orchestrate.core.transport.CommandTimeoutException when it overstayed its timeout
   *     and was stopped
   * @throws dev.orchestrate.core.transport.ConnectionLostException when the connection dropped
   *     while it may have been running
   * @throws dev.orchestrate.core.transport.TransportException naming the host when it could not be
   *     started, or sudo refused it
   */
  CommandResult run(Command command);
}
