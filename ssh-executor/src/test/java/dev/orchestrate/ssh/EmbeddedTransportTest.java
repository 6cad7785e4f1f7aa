package dev.orchestrate.ssh;

/** The transport contract against the sandbox's embedded Apache MINA SSHD server on 127.0.1.21-29. */
class EmbeddedTransportTest extends TransportContract {
  @Override
  TestServer start(ServerSpec spec) {
    return EmbeddedServer.start(spec);
  }

  @Override
  String address(int n) {
    return "127.0.1." + (20 + n);
  }
}
