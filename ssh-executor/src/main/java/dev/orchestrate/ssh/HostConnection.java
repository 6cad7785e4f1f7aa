package dev.orchestrate.ssh;

import dev.orchestrate.core.topology.Secret;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.CommandTimeoutException;
import dev.orchestrate.core.transport.ConnectionLostException;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.HostKeyException;
import dev.orchestrate.core.transport.OutputListener;
import dev.orchestrate.core.transport.Shell;
import dev.orchestrate.core.transport.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one SSH connection to one host, opened on first use and reopened when it drops. Commands
 * without input or secrets go to a small pool of {@link RemoteShell}s; the rest get a session
 * each. Both are bounded per host (below OpenSSH's default MaxSessions of 10), so any number of
 * commands may be sent at once: the surplus waits its turn.
 */
final class HostConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HostConnection.class);
  private static final Duration SHELL_START = Duration.ofSeconds(30);

  private final Host host;
  private final SshTransport.Options options;
  private final Logins logins;
  private final KnownHostsVerifier verifier;
  private final ExecutorService threads;
  private final Semaphore sessionSlots;
  private final Semaphore shellSlots;
  private final Deque<RemoteShell> idleShells = new ArrayDeque<>();
  private SSHClient client;
  private boolean closed;

  HostConnection(Host host, SshTransport.Options options, Logins logins, KnownHostsVerifier verifier,
      ExecutorService threads) {
    this.host = host;
    this.options = options;
    this.logins = logins;
    this.verifier = verifier;
    this.threads = threads;
    this.sessionSlots = new Semaphore(options.sessionsPerHost(), true);
    this.shellSlots = new Semaphore(options.shellsPerHost(), true);
  }

  Host host() {
    return host;
  }

  ExecutorService threads() {
    return threads;
  }

  /** Takes one of the host's session slots; pair with {@link #releaseSessionSlot()}. */
  void acquireSessionSlot() {
    acquire(sessionSlots);
  }

  void releaseSessionSlot() {
    sessionSlots.release();
  }

  /** Whether the connection's login user is root, or commands run through sudo: ownership can then be kept. */
  boolean runsAsRoot() {
    return host.ssh().become() == SshSettings.Become.SUDO || host.ssh().user().equals("root");
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
      dropShells();
      closeQuietly(client);
    }
    client = open();
    return client;
  }

  private SSHClient open() {
    SSHClient fresh = new SSHClient(SshTransport.CONFIG);
    fresh.setSocketFactory(NoDelaySocketFactory.INSTANCE);
    fresh.setConnectTimeout((int) host.ssh().connectTimeout().toMillis());
    fresh.getTransport().setTimeoutMs((int) Math.max(host.ssh().connectTimeout().toMillis(), 30_000));
    KnownHostsVerifier.Check check = verifier.forHost(host);
    fresh.addHostKeyVerifier(check);
    try {
      fresh.connect(host.address(), host.ssh().port());
    } catch (IOException e) {
      closeQuietly(fresh);
      HostKeyException refused = check.refusal();
      if (refused != null) {
        throw refused;
      }
      throw new TransportException(host.name(), host.describe() + ": cannot connect: " + reason(e), e);
    }
    fresh.getConnection().getKeepAlive().setKeepAliveInterval((int) options.keepAlive().toSeconds());
    try {
      logins.authenticate(fresh, host);
      if (host.ssh().become() == SshSettings.Become.SUDO) {
        checkSudo(fresh);
      }
    } catch (RuntimeException e) {
      closeQuietly(fresh);
      throw e;
    }
    return fresh;
  }

  /** Fails now, naming the host, when {@code sudo -n} cannot run commands. */
  private void checkSudo(SSHClient fresh) {
    try (Session session = fresh.startSession()) {
      Session.Command probe = session.exec("sudo -n true");
      String err = new String(probe.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      join(probe, Duration.ofSeconds(30));
      Integer status = probe.getExitStatus();
      if (status == null || status != 0) {
        throw sudoProblem(err, status == null ? -1 : status);
      }
    } catch (IOException e) {
      throw new TransportException(host.name(), host.describe() + ": cannot check sudo: " + reason(e), e);
    }
  }

  private TransportException sudoProblem(String stderr, int status) {
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

  CommandResult run(Command command) {
    return command.stdin().isEmpty() && command.secrets().isEmpty() ? runInShell(command) : runInSession(command);
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

  private CommandResult runInShell(Command command) {
    acquire(shellSlots);
    RemoteShell shell = null;
    try {
      try {
        shell = borrowShell();
      } catch (IOException e) {
        throw new TransportException(host.name(), host.describe() + ": cannot start a shell, so `" + command.describe()
            + "` did not run: " + reason(e), e);
      }
      RemoteShell.Ran ran = shell.run(command);
      switch (ran.outcome()) {
        case DONE:
          return checkedForSudo(ran.result());
        case TIMED_OUT:
          stop(RemoteScripts.stopChildrenOf(shell.pid(), options.killGraceSeconds()));
          shell.awaitEnd(Duration.ofSeconds(options.killGraceSeconds() + 5L));
          throw timedOut(command, ran.out().lastLines(), ran.err().lastLines());
        default:
          throw lost(command, null);
      }
    } catch (IOException e) {
      throw lost(command, e);
    } finally {
      if (shell != null) {
        returnShell(shell);
      }
      shellSlots.release();
    }
  }

  /**
   * Whether the current connection still opens a channel, tried without reconnecting: after a
   * stream over it broke, this tells a dropped connection from a command that failed.
   */
  boolean stillConnected() {
    SSHClient current;
    synchronized (this) {
      current = client;
    }
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

  /** The connection dropped during {@code what}, which did part of its work or none. */
  ConnectionLostException lostDuring(String what, Exception cause) {
    synchronized (this) {
      dropShells();
    }
    return new ConnectionLostException(host.name(), host.describe() + ": the connection dropped during " + what
        + " (" + reason(cause) + ")", cause);
  }

  /** Whether the current connection is up, without reconnecting. */
  private synchronized boolean isLive() {
    return client != null && client.isConnected();
  }

  private RemoteShell borrowShell() throws IOException {
    SSHClient current = client();
    synchronized (this) {
      while (!idleShells.isEmpty()) {
        RemoteShell idle = idleShells.pop();
        if (idle.healthy() && current == client) {
          return idle;
        }
        idle.close();
      }
    }
    Session session = startSession();
    String launch = RemoteScripts.as(host.ssh().become(), "sh");
    return RemoteShell.start(host.name(), session, launch, threads, SHELL_START);
  }

  private synchronized void returnShell(RemoteShell shell) {
    if (shell.healthy() && !closed) {
      idleShells.push(shell);
    } else {
      shell.close();
    }
  }

  private CommandResult runInSession(Command command) {
    acquire(sessionSlots);
    long started = System.nanoTime();
    Capture out = new Capture(command.listener(), OutputListener.Stream.STDOUT, command.captureLimit());
    Capture err = new Capture(command.listener(), OutputListener.Stream.STDERR, command.captureLimit());
    PidLine pid = new PidLine(err);
    try (Session session = startSession()) {
      Session.Command process;
      try {
        process = session.exec(RemoteScripts.session(host.ssh().become(), command.script(), command.secrets().keySet()));
      } catch (IOException e) {
        throw lost(command, e);
      }
      Future<?> stdout = threads.submit(() -> pump(process.getInputStream(), new LineSplitter(out)));
      Future<?> stderr = threads.submit(() -> pump(process.getErrorStream(), new LineSplitter(pid)));
      feed(process.getOutputStream(), command);
      if (!finished(stdout, stderr, command.timeout())) {
        // No SSH "signal" request: the server may have closed the channel by now, and OpenSSH
        // answers a request on a closed channel by dropping the whole connection.
        if (pid.value() > 0) {
          stop(RemoteScripts.stopProcessGroup(pid.value(), options.killGraceSeconds()));
        }
        throw timedOut(command, out.lastLines(), err.lastLines());
      }
      join(process, Duration.ofSeconds(10));
      Integer status = process.getExitStatus();
      if (status == null && !isLive()) {
        throw lost(command, null);
      }
      String stderrText = err.text();
      if (status == null) {
        stderrText += "(the command ended without an exit status"
            + (process.getExitSignal() != null ? ", by signal " + process.getExitSignal() : "") + ")\n";
      }
      CommandResult result = new CommandResult(status == null ? -1 : status, out.text(), stderrText,
          out.truncated() || err.truncated(), Duration.ofNanos(System.nanoTime() - started));
      return checkedForSudo(result);
    } catch (IOException e) {
      throw lost(command, e);
    } finally {
      sessionSlots.release();
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
  private void feed(OutputStream stdin, Command command) throws IOException {
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
  }

  private static Void pump(InputStream in, LineSplitter splitter) throws IOException {
    splitter.drain(in);
    return null;
  }

  private boolean finished(Future<?> stdout, Future<?> stderr, Duration timeout) throws IOException {
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

  /** Runs a stop script in a session of its own, outside the per-host limits, so it cannot queue behind what it stops. */
  private void stop(String script) {
    try (Session session = startSession()) {
      Session.Command process = session.exec(RemoteScripts.as(host.ssh().become(), "sh -c " + Shell.quote(script)));
      join(process, Duration.ofSeconds(options.killGraceSeconds() + 10L));
    } catch (IOException | RuntimeException e) {
      log.warn("{}: could not stop a command that timed out: {}", host.describe(), e.toString());
    }
  }

  private CommandResult checkedForSudo(CommandResult result) {
    if (host.ssh().become() == SshSettings.Become.SUDO && !result.succeeded()
        && (RemoteScripts.sudoWantsPassword(result.stderr()) || RemoteScripts.sudoMissing(result.stderr()))) {
      throw sudoProblem(result.stderr(), result.exitStatus());
    }
    return result;
  }

  private CommandTimeoutException timedOut(Command command, List<String> out, List<String> err) {
    List<String> last = new ArrayList<>(out);
    last.addAll(err);
    return new CommandTimeoutException(host.name(), host.describe() + ": `" + command.describe() + "` ran longer than "
        + command.timeout().toSeconds() + "s and was stopped", last);
  }

  private ConnectionLostException lost(Command command, Exception cause) {
    synchronized (this) {
      dropShells();
    }
    return new ConnectionLostException(host.name(), host.describe() + ": the connection dropped while `"
        + command.describe() + "` may have been running; it may have done part of its work and was not run again"
        + (cause == null ? "" : " (" + reason(cause) + ")"), cause);
  }

  /** Waits up to {@code limit} for the channel to close; the exit status, if any, has arrived by then. */
  static void join(Session.Command command, Duration limit) {
    try {
      command.join(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (IOException e) {
      // Not closed in time, or closed by a dropped connection: the caller reads what status there is.
    }
  }

  private static void acquire(Semaphore slots) {
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a session", e);
    }
  }

  private void dropShells() {
    idleShells.forEach(RemoteShell::close);
    idleShells.clear();
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

  private static void closeQuietly(SSHClient closing) {
    try {
      closing.close();
    } catch (IOException e) {
      // Already gone.
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    dropShells();
    if (client != null) {
      closeQuietly(client);
    }
  }
}
