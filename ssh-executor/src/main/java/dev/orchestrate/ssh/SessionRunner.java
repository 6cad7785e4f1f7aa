package dev.orchestrate.ssh;

import dev.orchestrate.core.topology.Secret;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.OutputListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * Runs each command in a session of its own, holding one of the host's session slots while it
 * runs: the way for commands with standard input or secrets. The session's stdin carries the
 * secrets first, one base64 line each, then the command's input ({@link RemoteScripts#session}).
 */
final class SessionRunner implements CommandRunner {
  private final HostConnection connection;
  private final Stopper stopper;
  private final ExecutorService threads;

  SessionRunner(HostConnection connection, Stopper stopper, ExecutorService threads) {
    this.connection = connection;
    this.stopper = stopper;
    this.threads = threads;
  }

  @Override
  public CommandResult run(Command command) {
    connection.acquireSessionSlot();
    long started = System.nanoTime();
    Capture out = new Capture(command.listener(), OutputListener.Stream.STDOUT, command.captureLimit());
    Capture err = new Capture(command.listener(), OutputListener.Stream.STDERR, command.captureLimit());
    PidLine pid = new PidLine(err);
    try (Session session = connection.startSession()) {
      Session.Command process;
      try {
        process = session.exec(RemoteScripts.session(connection.host().ssh().become(), command.script(),
            command.secrets().keySet()));
      } catch (IOException e) {
        throw connection.lostRunning(command, e);
      }
      Future<?> stdout = threads.submit(() -> pump(process.getInputStream(), new LineSplitter(out)));
      Future<?> stderr = threads.submit(() -> pump(process.getErrorStream(), new LineSplitter(pid)));
      // The input goes in beside the output coming out: a command may end without reading all of
      // its input, as a pipe's reader may, and then the server takes no more of it. That is the
      // command's business, not a lost connection; its exit status says how it went.
      Future<?> stdin = threads.submit(() -> feed(process.getOutputStream(), command));
      if (!finished(stdout, stderr, command.timeout())) {
        stdin.cancel(true);
        if (pid.value() > 0) {
          stopper.stopProcessGroup(pid.value());
        }
        throw stopper.timedOut(command, out.lastLines(), err.lastLines());
      }
      awaitEnd(process, stdin);
      // Still sending once the command has ended: the server will open no more window for it.
      stdin.cancel(true);
      Integer status = process.getExitStatus();
      if (status == null && !connection.isLive()) {
        throw connection.lostRunning(command, null);
      }
      String stderrText = err.text();
      if (status == null) {
        stderrText += "(the command ended without an exit status"
            + (process.getExitSignal() != null ? ", by signal " + process.getExitSignal() : "") + ")\n";
      }
      CommandResult result = new CommandResult(status == null ? -1 : status, out.text(), stderrText,
          out.truncated() || err.truncated(), Duration.ofNanos(System.nanoTime() - started));
      return SudoCheck.passed(connection.host(), result);
    } catch (IOException e) {
      throw connection.lostRunning(command, e);
    } finally {
      connection.releaseSessionSlot();
    }
  }

  /**
   * Waits, up to 10 s, for the channel to close, which brings the exit status; or, while input is
   * still being sent, for the exit status alone: a server does not close the channel of a command
   * that ended without reading its input until that input's end arrives, and it never will.
   */
  private static void awaitEnd(Session.Command process, Future<?> stdin) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Duration slice = Duration.ofMillis(20);
    while (process.isOpen() && System.nanoTime() < deadline
        && (stdin.isDone() || process.getExitStatus() == null)) {
      HostConnection.join(process, stdin.isDone() ? Duration.ofNanos(deadline - System.nanoTime()) : slice);
    }
  }

  /** Takes the process id from a session's first stderr line and passes every other line on. */
  private static final class PidLine implements LineSplitter.Sink {
    private final LineSplitter.Sink rest;
    private volatile long pid = -1;
    private boolean first = true;

    PidLine(LineSplitter.Sink rest) {
      this.rest = rest;
    }

    @Override
    public void line(String line) {
      long found = first ? RemoteScripts.pid(line) : -1;
      first = false;
      if (found > 0) {
        pid = found;
      } else {
        rest.line(line);
      }
    }

    long value() {
      return pid;
    }
  }

  /**
   * Sends each secret as a base64 line, then the command's own input, then end of input. The
   * flush before the close matters: sshj's close() drops what it could not send yet.
   */
  private static Void feed(OutputStream stdin, Command command) throws IOException {
    try (stdin) {
      for (Map.Entry<String, Secret> secret : command.secrets().entrySet()) {
        byte[] value = secret.getValue().reveal().getBytes(StandardCharsets.UTF_8);
        stdin.write(Base64.getEncoder().encode(value));
        stdin.write('\n');
      }
      if (command.stdin().isPresent()) {
        stdin.write(command.stdin().get());
      }
      stdin.flush();
    }
    return null;
  }

  private static Void pump(InputStream in, LineSplitter splitter) throws IOException {
    splitter.drain(in);
    return null;
  }

  private static boolean finished(Future<?> stdout, Future<?> stderr, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      stdout.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      stderr.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
