package dev.orchestrate.sandbox;

import dev.orchestrate.sandbox.ssh.EmbeddedSshServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The background process of a sandbox: one embedded SSH server per host, each on its host's
 * address, until SIGTERM. Started by {@link Sandbox#up}; reports how it went in the sandbox's state.
 */
public final class SandboxServer {
  static final String DATABASE_ADDRESS = "127.0.0.1";
  static final int DATABASE_PORT = 5432;

  private SandboxServer() {}

  public static void main(String[] args) throws InterruptedException {
    SandboxLayout layout = new SandboxLayout(Path.of(args[0]));
    SandboxState state = SandboxState.read(layout).orElseThrow(() -> new IllegalStateException("no sandbox in " + args[0]));
    long pid = ProcessHandle.current().pid();
    List<EmbeddedSshServer> servers = new ArrayList<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> servers.forEach(EmbeddedSshServer::close)));
    try {
      StringBuilder knownHosts = new StringBuilder();
      for (int k = 1; k <= state.nodes(); k++) {
        EmbeddedSshServer.Builder server = EmbeddedSshServer.builder()
            .address(state.address(k))
            .port(state.sshPort())
            .hostKey(layout.hostKey(k))
            .authorizedKeys(layout.dir().resolve("authorized_keys"))
            .directory(layout.userHome(k));
        HostEnvironment.of(layout, state, k).forEach(server::environment);
        EmbeddedSshServer started = server.start();
        servers.add(started);
        knownHosts.append(started.knownHostsLine()).append('\n');
      }
      Files.writeString(layout.knownHosts(), knownHosts, StandardCharsets.UTF_8);
      answerOnTheDatabasePort();
      state.with(SandboxState.READY, pid, "").write(layout);
    } catch (RuntimeException | IOException e) {
      state.with(SandboxState.FAILED, pid, String.valueOf(e.getMessage())).write(layout);
      System.err.println("sandbox: " + e);
      System.exit(1);
    }
    Thread.currentThread().join();
  }

  /**
   * The simulated database is a folder, but a preflight asks whether each node reaches the
   * database host: something must answer on the JDBC URL's port (127.0.0.1:5432). It accepts and
   * closes. While the port is taken (another sandbox, a real PostgreSQL), that already answers;
   * this sandbox keeps trying to take it, so that the port still answers after the other one went.
   */
  private static void answerOnTheDatabasePort() {
    Thread acceptor = new Thread(() -> {
      while (true) {
        try (ServerSocket socket = new ServerSocket()) {
          socket.setReuseAddress(true);
          socket.bind(new InetSocketAddress(InetAddress.getByName(DATABASE_ADDRESS), DATABASE_PORT));
          while (true) {
            socket.accept().close();
          }
        } catch (IOException taken) {
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }, "database-port");
    acceptor.setDaemon(true);
    acceptor.start();
  }
}
