package dev.orchestrate.ssh;

import dev.orchestrate.sandbox.ssh.EmbeddedSshServer;

/** The sandbox's embedded Apache MINA SSHD server, as the contract tests meet it. */
final class EmbeddedServer implements TestServer {
  private final EmbeddedSshServer server;

  private EmbeddedServer(EmbeddedSshServer server) {
    this.server = server;
  }

  static EmbeddedServer start(ServerSpec spec) {
    EmbeddedSshServer.Builder builder = EmbeddedSshServer.builder()
        .address(spec.address())
        .hostKey(spec.directory().resolve("host-key.ser"))
        .authorizedKeys(spec.authorizedKeys())
        .directory(spec.directory());
    spec.environment().forEach(builder::environment);
    return new EmbeddedServer(builder.start());
  }

  @Override
  public String address() {
    return server.address();
  }

  @Override
  public int port() {
    return server.port();
  }

  @Override
  public String knownHostsLine() {
    return server.knownHostsLine();
  }

  @Override
  public void dropConnections() {
    server.dropConnections();
  }

  @Override
  public int connectionCount() {
    return server.connectionCount();
  }

  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "embedded " + server;
  }
}
