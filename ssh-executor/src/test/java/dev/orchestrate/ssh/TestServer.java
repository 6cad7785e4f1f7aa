package dev.orchestrate.ssh;

/** An SSH server a contract test talks to: real OpenSSH or the embedded one. */
public interface TestServer extends AutoCloseable {
  String address();

  int port();

  /** The known_hosts line for this server's host key. */
  String knownHostsLine();

  /** Drops every open connection, as a network failure or an sshd restart would. */
  void dropConnections();

  /** How many client connections the server holds now. */
  int connectionCount();

  @Override
  void close();
}
