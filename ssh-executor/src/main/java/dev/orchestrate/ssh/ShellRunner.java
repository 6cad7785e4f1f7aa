package dev.orchestrate.ssh;

import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.TransportException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * Runs commands without input or secrets in a small pool of {@link RemoteShell}s on one host,
 * each started on first need and kept while it stays healthy; one command per shell at a time,
 * and at most {@code shells} at once, so that the surplus waits its turn. The pool is emptied
 * whenever the connection is opened again, dropped, or closed: its shells went with it.
 */
final class ShellRunner implements CommandRunner {
  private static final Duration SHELL_START = Duration.ofSeconds(30);

  private final HostConnection connection;
  private final Stopper stopper;
  private final ExecutorService threads;
  private final Semaphore slots;
  private final Deque<RemoteShell> idle = new ArrayDeque<>();

  private ShellRunner(HostConnection connection, int shells, Stopper stopper, ExecutorService threads) {
    this.connection = connection;
    this.stopper = stopper;
    this.threads = threads;
    this.slots = new Semaphore(shells, true);
  }

  /** A pool of at most {@code shells} shells on {@code connection}, let go whenever it drops. */
  static ShellRunner on(HostConnection connection, int shells, Stopper stopper, ExecutorService threads) {
    ShellRunner runner = new ShellRunner(connection, shells, stopper, threads);
    connection.whenDropped(runner::dropShells);
    return runner;
  }

  @Override
  public CommandResult run(Command command) {
    acquireSlot();
    RemoteShell shell = null;
    try {
      try {
        shell = borrow();
      } catch (IOException e) {
        throw new TransportException(connection.host().name(), connection.host().describe()
            + ": cannot start a shell, so `" + command.describe() + "` did not run: " + HostConnection.reason(e), e);
      }
      RemoteShell.Ran ran = shell.run(command);
      switch (ran.outcome()) {
        case DONE:
          return SudoCheck.passed(connection.host(), ran.result());
        case TIMED_OUT:
          stopper.stopChildrenOf(shell.pid());
          shell.awaitEnd(Duration.ofSeconds(stopper.graceSeconds() + 5L));
          throw stopper.timedOut(command, ran.out().lastLines(), ran.err().lastLines());
        default:
          throw connection.lostRunning(command, null);
      }
    } catch (IOException e) {
      throw connection.lostRunning(command, e);
    } finally {
      if (shell != null) {
        giveBack(shell);
      }
      slots.release();
    }
  }

  /**
   * An idle shell on the current connection, or a new one. The connection is asked for first, so
   * that a dropped one is opened again (and this pool emptied) before any shell is taken.
   */
  private RemoteShell borrow() throws IOException {
    SSHClient current = connection.client();
    synchronized (this) {
      while (!idle.isEmpty()) {
        RemoteShell shell = idle.pop();
        if (shell.healthy() && connection.isCurrent(current)) {
          return shell;
        }
        shell.close();
      }
    }
    Session session = connection.startSession();
    String launch = RemoteScripts.as(connection.host().ssh().become(), "sh");
    return RemoteShell.start(connection.host().name(), session, launch, threads, SHELL_START);
  }

  private synchronized void giveBack(RemoteShell shell) {
    if (shell.healthy() && !connection.isClosed()) {
      idle.push(shell);
    } else {
      shell.close();
    }
  }

  /** Called with the connection locked: takes no lock but this pool's. */
  private synchronized void dropShells() {
    idle.forEach(RemoteShell::close);
    idle.clear();
  }

  private void acquireSlot() {
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a session", e);
    }
  }
}
