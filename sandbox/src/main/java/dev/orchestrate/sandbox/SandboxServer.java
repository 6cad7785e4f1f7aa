package dev.orchestrate.sandbox;

import dev.orchestrate.sandbox.ssh.EmbeddedSshServer;
import java.io.IOException;
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
      state.with(SandboxState.READY, pid, "").write(layout);
    } catch (RuntimeException | IOException e) {
      state.with(SandboxState.FAILED, pid, String.valueOf(e.getMessage())).write(layout);
      System.err.println("sandbox: " + e);
      System.exit(1);
    }
    Thread.currentThread().join();
  }
}
