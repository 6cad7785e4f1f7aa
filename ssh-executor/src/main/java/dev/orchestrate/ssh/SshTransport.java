package dev.orchestrate.ssh;

import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.CopyException;
import dev.orchestrate.core.transport.CopyListener;
import dev.orchestrate.core.transport.CopyReport;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.Shell;
import dev.orchestrate.core.transport.Transport;
import dev.orchestrate.core.transport.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link Transport} over SSH, built on sshj: one authenticated connection per host, opened in
 * parallel by {@link #connect} and kept for the whole run, with keepalives, and reopened between
 * commands when it drops. Host keys are always checked against each host's known_hosts.
 */
public final class SshTransport implements Transport {

  /** What to do with a host whose key known_hosts does not list yet. A changed key is always refused. */
  public enum HostKeyPolicy {
    /** Refuse it: the run stops with the fingerprint and the line to add. */
    STRICT,
    /** Add it to known_hosts and go on, like OpenSSH's StrictHostKeyChecking=accept-new. */
    ACCEPT_NEW
  }

  /**
   * Tuning of a transport.
   *
   * @param shellsPerHost persistent shells per host, for commands without input (default 4)
   * @param sessionsPerHost other sessions at once per host (default 4); with the shells, below
   *     OpenSSH's default MaxSessions of 10
   * @param keepAlive how often an idle connection is checked (default 15 s)
   * @param killGraceSeconds how long a timed-out command gets between TERM and KILL (default 5)
   * @param copyStall how long a tree copy may move no byte before it is abandoned (default 5 min)
   */
  public record Options(
      HostKeyPolicy hostKeys, int shellsPerHost, int sessionsPerHost, Duration keepAlive, int killGraceSeconds,
      Duration copyStall) {
    public Options {
      if (shellsPerHost < 1 || sessionsPerHost < 1) {
        throw new IllegalArgumentException("a host needs at least one shell and one session");
      }
    }

    public static Options defaults() {
      return new Options(HostKeyPolicy.STRICT, 4, 4, Duration.ofSeconds(15), 5, Duration.ofMinutes(5));
    }

    public Options withHostKeys(HostKeyPolicy policy) {
      return new Options(policy, shellsPerHost, sessionsPerHost, keepAlive, killGraceSeconds, copyStall);
    }
  }

  private final Connector connector;
  private final Options options;
  private final ExecutorService threads;
  private final Map<String, SshHost> hosts = new ConcurrentHashMap<>();

  private SshTransport(Environment environment, Options options) {
    this.connector = new Connector(new Logins(environment), new KnownHostsVerifier(options.hostKeys()),
        options.keepAlive());
    this.options = options;
    AtomicInteger count = new AtomicInteger();
    this.threads = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "orchestrate-ssh-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** A transport that reads secrets and the user's home from {@code environment}. */
  public static SshTransport create(Environment environment, Options options) {
    return new SshTransport(environment, options);
  }

  private SshHost sshHost(Host host) {
    return hosts.computeIfAbsent(host.name() + "@" + host.address() + ":" + host.ssh().port(),
        key -> SshHost.on(new HostConnection(host, connector, options.sessionsPerHost()), options, threads));
  }

  @Override
  public void connect(Collection<Host> hosts) {
    List<Future<?>> opening = new ArrayList<>();
    for (Host host : hosts) {
      opening.add(threads.submit(() -> sshHost(host).connection().client()));
    }
    List<TransportException> failures = new ArrayList<>();
    for (Future<?> open : opening) {
      try {
        open.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof TransportException failure) {
          failures.add(failure);
        } else {
          throw new IllegalStateException("connecting failed unexpectedly", e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while connecting", e);
      }
    }
    if (failures.size() == 1) {
      throw failures.get(0);
    }
    if (!failures.isEmpty()) {
      StringBuilder message = new StringBuilder(failures.size() + " hosts cannot be used:");
      failures.forEach(f -> message.append("\n").append(f.getMessage()));
      throw new TransportException(failures.get(0).host(), message.toString(), failures.get(0));
    }
  }

  @Override
  public CommandResult run(Host host, Command command) {
    return sshHost(host).run(command);
  }

  @Override
  public void upload(Host host, RemotePath target, byte[] content, int mode) {
    String script = "t=" + Shell.quote(target.value()) + "; tmp=\"$t.orchestrate-upload.$$\"; umask 077; "
        + "cat > \"$tmp\" || exit 90; "
        + "n=$(wc -c < \"$tmp\"); [ \"$n\" -eq " + content.length + " ] || { rm -f \"$tmp\"; echo \"wrote $n of "
        + content.length + " bytes\" >&2; exit 91; }; "
        + "h=$(sha256sum < \"$tmp\" | cut -c1-64); [ \"$h\" = " + sha256(content) + " ] || { rm -f \"$tmp\"; "
        + "echo 'the written file differs from what was sent' >&2; exit 92; }; "
        + "if [ -e \"$t\" ]; then chown --reference=\"$t\" \"$tmp\" 2>/dev/null || true; fi; "
        + "chmod " + Integer.toOctalString(mode) + " \"$tmp\" && mv -f \"$tmp\" \"$t\"";
    CommandResult result = run(host, Command.of(script).withStdin(content));
    if (!result.succeeded()) {
      throw new CopyException(host.name(), host.describe() + ": cannot write " + target + ": "
          + String.join(" ", result.lastLines(3)));
    }
  }

  @Override
  public Optional<byte[]> download(Host host, RemotePath source, int maxBytes) {
    String script = "[ -f " + Shell.quote(source.value()) + " ] || exit 3; exec cat " + Shell.quote(source.value());
    try (RawProcess process = RawProcess.start(sshHost(host).connection(), threads, script)) {
      byte[] content;
      try (InputStream in = process.stdout()) {
        content = in.readNBytes(maxBytes + 1);
      }
      int status = process.exitStatus(Duration.ofMinutes(5));
      if (status == 3) {
        return Optional.empty();
      }
      if (content.length > maxBytes) {
        throw new CopyException(host.name(), host.describe() + ": " + source + " is larger than " + maxBytes + " bytes");
      }
      if (status != 0) {
        throw new CopyException(host.name(), host.describe() + ": cannot read " + source + ": " + process.stderr());
      }
      return Optional.of(content);
    } catch (IOException e) {
      throw new CopyException(host.name(), host.describe() + ": cannot read " + source + ": "
          + HostConnection.reason(e), e);
    }
  }

  @Override
  public CopyReport copyTree(Host source, RemotePath from, Host target, RemotePath to, CopyListener listener) {
    return new TreeCopy(sshHost(source), sshHost(target), threads, options.copyStall()).copy(from, to, listener);
  }

  @Override
  public void close() {
    hosts.values().forEach(open -> open.connection().close());
    hosts.clear();
    threads.shutdownNow();
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java", e);
    }
  }
}
