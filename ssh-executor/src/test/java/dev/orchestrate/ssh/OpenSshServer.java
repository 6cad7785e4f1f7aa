package dev.orchestrate.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's real {@code sshd}, started by a test on a 127.0.1.x address with its own host key,
 * config and log in a temporary directory, and stopped after. Each connection is a child process
 * of this sshd, so dropping connections means killing those children.
 */
public final class OpenSshServer implements TestServer {
  static final Path SSHD = Path.of("/usr/sbin/sshd");

  private final String address;
  private final int port;
  private final List<String> command;
  private final String knownHostsLine;
  private final Path log;
  /** The running sshd; another one after {@link #restart}. */
  private volatile Process process;

  private OpenSshServer(String address, int port, List<String> command, Process process, String knownHostsLine,
      Path log) {
    this.address = address;
    this.port = port;
    this.command = List.copyOf(command);
    this.process = process;
    this.knownHostsLine = knownHostsLine;
    this.log = log;
  }

  public static boolean available() {
    return Files.isExecutable(SSHD);
  }

  public static OpenSshServer start(ServerSpec spec) {
    try {
      Path dir = Files.createDirectories(spec.directory());
      Path hostKey = dir.resolve("ssh_host_ed25519_key");
      if (!Files.exists(hostKey)) {
        Keys.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test-host", "-f", hostKey.toString());
      }
      if (System.getProperty("user.name").equals("root")) {
        Files.createDirectories(Path.of("/run/sshd"));
      }
      int port = freePort(spec.address());
      StringBuilder config = new StringBuilder()
          .append("Port ").append(port).append('\n')
          .append("ListenAddress ").append(spec.address()).append('\n')
          .append("HostKey ").append(hostKey).append('\n')
          .append("PidFile ").append(dir.resolve("sshd.pid")).append('\n')
          .append("AuthorizedKeysFile ").append(spec.authorizedKeys().toAbsolutePath()).append('\n')
          .append("StrictModes no\nUsePAM no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n")
          .append("PermitRootLogin prohibit-password\nPrintMotd no\nMaxStartups 100\nLogLevel VERBOSE\n");
      // sshd takes the first SetEnv line only: every variable goes on one.
      if (!spec.environment().isEmpty()) {
        config.append("SetEnv");
        spec.environment().forEach((name, value) -> config.append(' ').append(name).append('=').append(value));
        config.append('\n');
      }
      Path configFile = dir.resolve("sshd_config");
      Files.writeString(configFile, config);
      Path log = dir.resolve("sshd.log");
      List<String> command = new ArrayList<>();
      // A host of its own has its own process table too: on separate machines, `ps` on one never
      // shows another's Confluence, though both run from /opt/atlassian/confluence.
      spec.mounts().ifPresent(script -> command.addAll(List.of("unshare", "--mount", "--pid", "--fork",
          "--mount-proc", "--propagation", "private", "/bin/sh", "-c", "set -e\n" + script + "\nexec \"$@\"",
          "sshd-host")));
      command.addAll(List.of(SSHD.toString(), "-D", "-e", "-f", configFile.toString()));
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      awaitListening(spec.address(), port, process, log);
      String publicKey = Files.readString(Path.of(hostKey + ".pub")).strip();
      String[] parts = publicKey.split(" ");
      return new OpenSshServer(spec.address(), port, command, process,
          "[" + spec.address() + "]:" + port + " " + parts[0] + " " + parts[1], log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start sshd on " + spec.address(), e);
    }
  }

  private static int freePort(String address) throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(address))) {
      return probe.getLocalPort();
    }
  }

  private static void awaitListening(String address, int port, Process process, Path log) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      assertThat(process.isAlive()).as("sshd exited: %s", readQuietly(log)).isTrue();
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(address, port), 200);
        return;
      } catch (IOException notYet) {
        sleep(50);
      }
    }
    throw new IOException("sshd did not listen on " + address + ":" + port + ": " + readQuietly(log));
  }

  @Override
  public String address() {
    return address;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String knownHostsLine() {
    return knownHostsLine;
  }

  /** sshd itself: the process started, or, in a namespace of its own, the one {@code unshare} forked. */
  private ProcessHandle sshd() {
    ProcessHandle started = process.toHandle();
    return command.get(0).equals("unshare") ? started.children().findFirst().orElse(started) : started;
  }

  @Override
  public void dropConnections() {
    sshd().children().forEach(ProcessHandle::destroyForcibly);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (connectionCount() > 0 && System.nanoTime() < deadline) {
      sleep(20);
    }
  }

  @Override
  public int connectionCount() {
    return (int) sshd().children().count();
  }

  String log() {
    return readQuietly(log);
  }

  /**
   * Stops this sshd and every connection, if they still run, then starts sshd again with the same
   * config file: the same address, port and host key, so a client's known_hosts still trusts it,
   * as after a crash and a restart of the service. Its log goes on in the same file.
   */
  public void restart() {
    close();
    try {
      Process again = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      process = again;
      awaitListening(address, port, again, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start sshd again on " + address + ":" + port, e);
    }
  }

  @Override
  public void close() {
    Process running = process;
    running.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    running.destroy();
    try {
      running.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(no log)";
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "OpenSSH " + address + ":" + port;
  }
}
