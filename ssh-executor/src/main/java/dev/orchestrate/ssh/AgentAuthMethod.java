package dev.orchestrate.ssh;

import java.io.UncheckedIOException;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;

/**
 * SSH public-key login (RFC 4252, section 7) with a key held by an ssh-agent: the server is first
 * asked whether it would take the key, and only then does the agent sign. RSA keys sign with
 * SHA-256 ({@code rsa-sha2-256}), since servers refuse SHA-1 {@code ssh-rsa} signatures today.
 */
final class AgentAuthMethod extends AbstractAuthMethod {
  private static final int RSA_SHA2_256 = 2;

  private final AgentClient agent;
  private final AgentClient.Identity identity;
  private final String algorithm;
  private final int flags;

  AgentAuthMethod(AgentClient agent, AgentClient.Identity identity) {
    super("publickey");
    this.agent = agent;
    this.identity = identity;
    boolean rsa = identity.keyType().equals("ssh-rsa");
    this.algorithm = rsa ? "rsa-sha2-256" : identity.keyType();
    this.flags = rsa ? RSA_SHA2_256 : 0;
  }

  @Override
  protected SSHPacket buildReq() throws UserAuthException {
    return request(false);
  }

  @Override
  public void handle(Message message, SSHPacket packet) throws UserAuthException, TransportException {
    if (message != Message.USERAUTH_60) {
      super.handle(message, packet);
      return;
    }
    SSHPacket signed = request(true);
    byte[] data = new Buffer.PlainBuffer()
        .putString(params.getTransport().getSessionID())
        .putBuffer(signed)
        .getCompactData();
    try {
      signed.putString(agent.sign(identity.blob(), data, flags));
    } catch (UncheckedIOException e) {
      throw new UserAuthException("the SSH agent did not sign: " + e.getMessage(), e);
    }
    params.getTransport().write(signed);
  }

  private SSHPacket request(boolean withSignature) throws UserAuthException {
    return super.buildReq().putBoolean(withSignature).putString(algorithm).putString(identity.blob());
  }

  @Override
  public String toString() {
    return "agent key " + identity.keyType() + " " + identity.comment();
  }
}
