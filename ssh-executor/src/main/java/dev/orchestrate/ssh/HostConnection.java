package dev.orchestrate.ssh;

import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.ConnectionLostException;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.TransportException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one SSH connection to one host, made by the {@link Connector} on first use and made again
 * when it drops. It opens sessions and runs nothing itself. It bounds the sessions of their own
 * that commands and byte streams hold at once; with the persistent shells, which their {@link
 * ShellRunner} bounds, that stays below OpenSSH's default MaxSessions of 10, so any number may be
 * asked for at once: the surplus waits its turn.
 */
final class HostConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HostConnection.class);

  private final Host host;
  private final Connector connector;
  private final Semaphore sessionSlots;
  private final List<Runnable> whenDropped = new CopyOnWriteArrayList<>();
  private volatile SSHClient client;
  private volatile boolean closed;

  HostConnection(Host host, Connector connector, int sessionsAtOnce) {
    this.host = host;
    this.connector = connector;
    this.sessionSlots = new Semaphore(sessionsAtOnce, true);
  }

  Host host() {
    return host;
  }

  /** Takes one of the host's session slots; pair with {@link #releaseSessionSlot()}. */
  void acquireSessionSlot() {
    try {
      sessionSlots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a session", e);
    }
  }

  void releaseSessionSlot() {
    sessionSlots.release();
  }

  /**
   * Calls {@code forget} whenever sessions kept open for reuse must be let go: the connection was
   * opened again, dropped under a command, or closed. It runs with this connection locked, so it
   * must not wait for anything that calls back here.
   */
  void whenDropped(Runnable forget) {
    whenDropped.add(forget);
  }

  /** The live, authenticated client, connecting (again) when there is none. */
  synchronized SSHClient client() {
    if (closed) {
      throw new TransportException(host.name(), host.describe() + ": the transport is closed");
    }
    if (client != null && client.isConnected() && client.isAuthenticated()) {
      return client;
    }
    if (client != null) {
      log.info("{}: connection lost; reconnecting", host.describe());
      dropped();
      closeQuietly(client);
    }
    client = connector.connect(host);
    return client;
  }

  /** Whether {@code seen} is still the connection's client; never connects, never waits for the lock. */
  boolean isCurrent(SSHClient seen) {
    return client == seen;
  }

  /** Whether {@link #close} was called; never waits for the lock. */
  boolean isClosed() {
    return closed;
  }

  /** A session on the live connection; a failure here happens before any command starts, so one reconnect is safe. */
  Session startSession() {
    SSHClient current = client();
    try {
      return windowed(current);
    } catch (IOException first) {
      synchronized (this) {
        if (client == current) {
          closeQuietly(current);
        }
      }
      try {
        return windowed(client());
      } catch (IOException second) {
        throw new TransportException(host.name(), host.describe() + ": cannot open a session: " + reason(second),
            second);
      }
    }
  }

  /** A new session channel, opened; see {@link FlowSafeSession} for why not sshj's own. */
  private static Session windowed(SSHClient client) throws IOException {
    if (!client.isConnected() || !client.isAuthenticated()) {
      throw new IOException("not connected");
    }
    FlowSafeSession session = new FlowSafeSession(client.getConnection());
    session.open();
    return session;
  }

  /**
   * Whether the current connection still opens a channel, tried without reconnecting: after a
   * stream over it broke, this tells a dropped connection from a command that failed.
   */
  boolean stillConnected() {
    SSHClient current = client;
    if (current == null) {
      return false;
    }
    try {
      windowed(current).close();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether the current connection is up, without reconnecting. */
  synchronized boolean isLive() {
    return client != null && client.isConnected();
  }

  /** The connection dropped during {@code what}, which did part of its work or none. */
  ConnectionLostException lostDuring(String what, Exception cause) {
    synchronized (this) {
      dropped();
    }
    return new ConnectionLostException(host.name(), host.describe() + ": the connection dropped during " + what
        + " (" + reason(cause) + ")", cause);
  }

  /** The connection dropped while {@code command} may have been running; {@code cause} may be null. */
  ConnectionLostException lostRunning(Command command, Exception cause) {
    synchronized (this) {
      dropped();
    }
    return new ConnectionLostException(host.name(), host.describe() + ": the connection dropped while `"
        + command.describe() + "` may have been running; it may have done part of its work and was not run again"
        + (cause == null ? "" : " (" + reason(cause) + ")"), cause);
  }

  private void dropped() {
    whenDropped.forEach(Runnable::run);
  }

  /** Waits up to {@code limit} for the channel to close; the exit status, if any, has arrived by then. */
  static void join(Session.Command command, Duration limit) {
    try {
      command.join(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (IOException e) {
      // Not closed in time, or closed by a dropped connection: the caller reads what status there is.
    }
  }

  static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof ConnectException) {
      return "connection refused (is sshd running on that port?)";
    }
    if (root instanceof UnknownHostException) {
      return "unknown host name " + root.getMessage();
    }
    if (root instanceof NoRouteToHostException) {
      return "no route to host";
    }
    if (root instanceof SocketTimeoutException) {
      return "timed out";
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  static void closeQuietly(SSHClient closing) {
    try {
      closing.close();
    } catch (IOException e) {
      // Already gone.
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    dropped();
    if (client != null) {
      closeQuietly(client);
    }
  }
}
