package dev.orchestrate.ssh;

import dev.orchestrate.core.transport.Shell;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * A command whose standard streams are bytes, not lines: an archive, a file. It holds one of the
 * host's session slots until closed; its stderr is drained in the background (the first 64 KiB
 * kept for messages) so that it can never stall the command.
 */
final class RawProcess implements AutoCloseable {
  private static final int STDERR_KEPT = 64 * 1024;

  private final HostConnection connection;
  private final Session session;
  private final Session.Command command;
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final AtomicBoolean closed = new AtomicBoolean();

  private RawProcess(HostConnection connection, Session session, Session.Command command) {
    this.connection = connection;
    this.session = session;
    this.command = command;
  }

  /** Runs {@code script} with {@code sh -c}, as the host's user or through sudo as configured. */
  static RawProcess start(HostConnection connection, ExecutorService threads, String script) throws IOException {
    connection.acquireSessionSlot();
    Session session = null;
    try {
      session = connection.startSession();
      Session.Command command = session.exec(RemoteScripts.as(connection.host().ssh().become(),
          "sh -c " + Shell.quote(script)));
      RawProcess process = new RawProcess(connection, session, command);
      threads.submit(process::drainStderr);
      return process;
    } catch (IOException | RuntimeException e) {
      if (session != null) {
        session.close();
      }
      connection.releaseSessionSlot();
      throw e;
    }
  }

  private Void drainStderr() throws IOException {
    byte[] buffer = new byte[8192];
    try (InputStream in = command.getErrorStream()) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        synchronized (stderr) {
          stderr.write(buffer, 0, Math.min(n, Math.max(0, STDERR_KEPT - stderr.size())));
        }
      }
    }
    return null;
  }

  InputStream stdout() {
    return command.getInputStream();
  }

  OutputStream stdin() {
    return command.getOutputStream();
  }

  /** What the command printed on stderr so far (its start). */
  String stderr() {
    synchronized (stderr) {
      return stderr.toString(StandardCharsets.UTF_8).strip();
    }
  }

  /** Waits for the command to end; -1 when it ended without a status, or did not end in time. */
  int exitStatus(Duration wait) {
    HostConnection.join(command, wait);
    Integer status = command.getExitStatus();
    return status == null ? -1 : status;
  }

  /** Closes the session and gives its slot back; a second call does nothing. */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    try {
      session.close();
    } catch (IOException e) {
      // The session is gone already.
    } finally {
      connection.releaseSessionSlot();
    }
  }
}
