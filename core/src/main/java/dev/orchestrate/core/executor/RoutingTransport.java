package dev.orchestrate.core.executor;

import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.CopyListener;
import dev.orchestrate.core.transport.CopyReport;
import dev.orchestrate.core.transport.CopyException;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.LocalTransport;
import dev.orchestrate.core.transport.Transport;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * The transport one task sees: {@code localhost} (a {@code delegate_to: localhost} task) runs on
 * this machine, every other host through the run's transport; and when the task has a {@code
 * timeout}, no command outlives the task's deadline.
 */
final class RoutingTransport implements Transport {
  static final String LOCALHOST = "localhost";

  private final Transport remote;
  private final Transport local;
  private final Optional<Instant> deadline;

  RoutingTransport(Transport remote, Transport local, Optional<Instant> deadline) {
    this.remote = remote;
    this.local = local;
    this.deadline = deadline;
  }

  static RoutingTransport of(Transport remote, Optional<Duration> timeout) {
    return new RoutingTransport(remote, new LocalTransport(), timeout.map(Instant.now()::plus));
  }

  @Override
  public void connect(Collection<Host> hosts) {
    remote.connect(hosts.stream().filter(h -> !isLocal(h)).toList());
  }

  @Override
  public CommandResult run(Host host, Command command) {
    Command bounded = command;
    if (deadline.isPresent()) {
      Duration left = Duration.between(Instant.now(), deadline.get());
      if (left.isNegative() || left.isZero()) {
        return new CommandResult(124, "", "the task's timeout passed before this command could start", false, Duration.ZERO);
      }
      if (left.compareTo(command.timeout()) < 0) {
        bounded = command.withTimeout(left);
      }
    }
    return route(host).run(host, bounded);
  }

  @Override
  public void upload(Host host, RemotePath target, byte[] content, int mode) {
    route(host).upload(host, target, content, mode);
  }

  @Override
  public Optional<byte[]> download(Host host, RemotePath source, int maxBytes) {
    return route(host).download(host, source, maxBytes);
  }

  @Override
  public CopyReport copyTree(Host source, RemotePath from, Host target, RemotePath to, CopyListener listener) {
    if (isLocal(source) != isLocal(target)) {
      throw new CopyException(target.name(), "copies between this machine and a node are not supported; copy between nodes");
    }
    return route(target).copyTree(source, from, target, to, listener);
  }

  @Override
  public void close() {
    // The run's transport belongs to the run; nothing of our own to close.
  }

  private Transport route(Host host) {
    return isLocal(host) ? local : remote;
  }

  private static boolean isLocal(Host host) {
    return host.name().equals(LOCALHOST);
  }
}
