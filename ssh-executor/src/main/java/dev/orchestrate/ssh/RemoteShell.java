package dev.orchestrate.ssh;

import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.OutputListener;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * A long-lived {@code sh} on a host, fed one command after another: a command costs a write and
 * a fork instead of a new SSH session (which costs the server a fork of sshd and a login shell,
 * 12-15 ms). Each command's output ends with a marker line carrying its exit status; the marker
 * holds 128 random bits, so no output can forge it.
 *
 * <p>Used for commands without standard input and without secrets; one command at a time.
 */
final class RemoteShell implements Closeable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String host;
  private final Session session;
  private final Session.Command process;
  private final OutputStream stdin;
  private final Framer stdout = new Framer(true);
  private final Framer stderr = new Framer(false);
  private volatile long pid = -1;
  private volatile String readyMarker;
  private final CountDownLatch ready = new CountDownLatch(1);
  private volatile Execution current;
  private volatile boolean broken;

  private RemoteShell(String host, Session session, Session.Command process) {
    this.host = host;
    this.session = session;
    this.process = process;
    this.stdin = process.getOutputStream();
  }

  /**
   * Starts a shell with {@code launch} (such as {@code sh}, or {@code sudo -n sh}) on an open
   * session, and waits until it announces itself.
   *
   * @throws IOException when it does not start within {@code timeout}; the stderr it printed is
   *     in the message (a sudo that wants a password says so there)
   */
  static RemoteShell start(String host, Session session, String launch, ExecutorService threads, Duration timeout)
      throws IOException {
    RemoteShell shell = new RemoteShell(host, session, session.exec(launch));
    threads.submit(() -> shell.read(shell.process.getInputStream(), shell.stdout));
    threads.submit(() -> shell.read(shell.process.getErrorStream(), shell.stderr));
    shell.readyMarker = marker();
    shell.send(RemoteScripts.shellStart(shell.readyMarker));
    try {
      if (!shell.ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS) || shell.pid < 0) {
        String said = shell.stderr.early.toString().strip();
        shell.close();
        throw new IOException("the remote shell did not start" + (said.isEmpty() ? "" : ": " + said));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      shell.close();
      throw new IOException("interrupted while starting the remote shell", e);
    }
    return shell;
  }

  /** The process id of the shell, whose children are the commands it runs. */
  long pid() {
    return pid;
  }

  /** Whether the shell can take another command. */
  boolean healthy() {
    return !broken && session.isOpen();
  }

  /** How a command run in this shell ended, or why it did not. */
  enum Outcome { DONE, TIMED_OUT, LOST }

  /** A finished or abandoned command. */
  record Ran(Outcome outcome, CommandResult result, Capture out, Capture err) {}

  /**
   * Runs {@code command}; waits at most its timeout. On {@link Outcome#TIMED_OUT} the caller
   * stops the command ({@link #pid()}'s children) and calls {@link #awaitEnd} to learn whether
   * the shell survived.
   */
  Ran run(Command command) throws IOException {
    long started = System.nanoTime();
    Execution execution = new Execution(marker(),
        new Capture(command.listener(), OutputListener.Stream.STDOUT, command.captureLimit()),
        new Capture(command.listener(), OutputListener.Stream.STDERR, command.captureLimit()));
    current = execution;
    send(RemoteScripts.shellCommand(command.script(), execution.marker));
    Outcome outcome = await(execution, command.timeout()) ? Outcome.DONE : Outcome.TIMED_OUT;
    if (outcome == Outcome.DONE && execution.status == Integer.MIN_VALUE) {
      outcome = Outcome.LOST;
    }
    return new Ran(outcome, execution.result(started), execution.out, execution.err);
  }

  /** After a stop, waits for the command's end markers; false leaves the shell broken. */
  boolean awaitEnd(Duration grace) {
    Execution execution = current;
    boolean ended = execution != null && await(execution, grace) && execution.status != Integer.MIN_VALUE;
    if (!ended) {
      broken = true;
    }
    return ended;
  }

  private boolean await(Execution execution, Duration limit) {
    try {
      return execution.done.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      broken = true;
      return false;
    }
  }

  private void send(String text) throws IOException {
    try {
      stdin.write(text.getBytes(StandardCharsets.UTF_8));
      stdin.flush();
    } catch (IOException e) {
      broken = true;
      throw e;
    }
  }

  private void read(InputStream in, Framer framer) {
    LineSplitter splitter = new LineSplitter(framer::line);
    try {
      splitter.drain(in);
    } catch (IOException e) {
      // The connection or the session went away: the command in flight, if any, is lost.
    } finally {
      broken = true;
      Execution execution = current;
      if (execution != null) {
        execution.done.countDown();
        execution.done.countDown();
      }
      ready.countDown();
    }
  }

  private static String marker() {
    byte[] bits = new byte[16];
    RANDOM.nextBytes(bits);
    return "orchestrate-end-" + HexFormat.of().formatHex(bits);
  }

  @Override
  public void close() {
    broken = true;
    try {
      session.close();
    } catch (IOException e) {
      // Closing a session that already went away.
    }
  }

  @Override
  public String toString() {
    return "shell " + pid + " on " + host;
  }

  /** One command's state while it runs. */
  private static final class Execution {
    final String marker;
    final Capture out;
    final Capture err;
    final CountDownLatch done = new CountDownLatch(2);
    volatile int status = Integer.MIN_VALUE;

    Execution(String marker, Capture out, Capture err) {
      this.marker = marker;
      this.out = out;
      this.err = err;
    }

    CommandResult result(long startedNanos) {
      return new CommandResult(status == Integer.MIN_VALUE ? -1 : status, out.text(), err.text(),
          out.truncated() || err.truncated(), Duration.ofNanos(System.nanoTime() - startedNanos));
    }
  }

  /**
   * Routes one stream's lines to the command in flight, holding back the latest line: the line
   * break written before each marker adds one empty line that is not the command's.
   */
  private final class Framer {
    private final boolean isStdout;
    private final StringBuilder early = new StringBuilder();
    private String held;

    Framer(boolean isStdout) {
      this.isStdout = isStdout;
    }

    void line(String line) {
      if (isStdout && pid < 0 && readyMarker != null && line.startsWith(readyMarker + " ")) {
        pid = Long.parseLong(line.substring(readyMarker.length() + 1).strip());
        ready.countDown();
        return;
      }
      Execution execution = current;
      if (execution == null) {
        if (early.length() < 4096) {
          early.append(line).append('\n');
        }
        return;
      }
      if (isStdout && line.startsWith(execution.marker + " ")) {
        release(execution);
        execution.status = Integer.parseInt(line.substring(execution.marker.length() + 1).strip());
        execution.done.countDown();
      } else if (!isStdout && line.equals(execution.marker)) {
        release(execution);
        execution.done.countDown();
      } else {
        if (held != null) {
          (isStdout ? execution.out : execution.err).line(held);
        }
        held = line;
      }
    }

    private void release(Execution execution) {
      if (held != null && !held.isEmpty()) {
        (isStdout ? execution.out : execution.err).line(held);
      }
      held = null;
    }
  }
}
