package dev.orchestrate.ssh;

/** The transport contract against Debian's OpenSSH sshd on 127.0.1.11-19. */
class OpenSshTransportTest extends TransportContract {
  @Override
  TestServer start(ServerSpec spec) {
    return OpenSshServer.start(spec);
  }

  @Override
  String address(int n) {
    return "127.0.1." + (10 + n);
  }
}
