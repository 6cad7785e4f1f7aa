package dev.orchestrate.ssh;

import com.hierynomus.sshj.transport.cipher.BlockCiphers;
import com.hierynomus.sshj.transport.cipher.ChachaPolyCiphers;
import com.hierynomus.sshj.transport.cipher.GcmCiphers;
import com.hierynomus.sshj.transport.mac.Macs;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.HostKeyException;
import dev.orchestrate.core.transport.TransportException;
import java.io.IOException;
import java.security.Security;
import java.time.Duration;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.SecurityUtils;

/**
 * Makes the authenticated sshj client for a host: Nagle off, the host's connect timeout, its key
 * checked against its known_hosts, keepalives, the login, and under {@code become: sudo} a check
 * that sudo runs without a password. It keeps nothing per host; {@link HostConnection} holds what
 * it makes and asks for another when that drops.
 */
final class Connector {
  private static final DefaultConfig CONFIG;

  static {
    // Registering BouncyCastle as a JCE provider costs about a second at start-up; sshj uses its
    // lightweight API for ed25519 and curve25519 either way. This runs before any client exists.
    SecurityUtils.setRegisterBouncyCastle(false);
    if (Security.getProvider("OrchestrateEcdsaAlias") == null) {
      Security.addProvider(new EcdsaKeyFactoryAlias());
    }
    CONFIG = new DefaultConfig();
    // AES-GCM runs on the CPU's AES instructions through the JDK; ChaCha20 would run in plain Java.
    CONFIG.setCipherFactories(GcmCiphers.AES128GCM(), GcmCiphers.AES256GCM(), BlockCiphers.AES128CTR(),
        BlockCiphers.AES256CTR(), ChachaPolyCiphers.CHACHA_POLY_OPENSSH());
    CONFIG.setMACFactories(Macs.HMACSHA2256Etm(), Macs.HMACSHA2512Etm(), Macs.HMACSHA2256(), Macs.HMACSHA2512());
    CONFIG.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
  }

  private final Logins logins;
  private final KnownHostsVerifier verifier;
  private final Duration keepAlive;

  Connector(Logins logins, KnownHostsVerifier verifier, Duration keepAlive) {
    this.logins = logins;
    this.verifier = verifier;
    this.keepAlive = keepAlive;
  }

  /**
   * A new client, connected to {@code host} and logged in.
   *
   * @throws HostKeyException when the host's key is unknown or has changed
   * @throws TransportException naming the host when it cannot be reached, refuses the login, or
   *     its sudo cannot run commands
   */
  SSHClient connect(Host host) {
    SSHClient client = new SSHClient(CONFIG);
    client.setSocketFactory(NoDelaySocketFactory.INSTANCE);
    client.setConnectTimeout((int) host.ssh().connectTimeout().toMillis());
    client.getTransport().setTimeoutMs((int) Math.max(host.ssh().connectTimeout().toMillis(), 30_000));
    KnownHostsVerifier.Check check = verifier.forHost(host);
    client.addHostKeyVerifier(check);
    try {
      client.connect(host.address(), host.ssh().port());
    } catch (IOException e) {
      HostConnection.closeQuietly(client);
      HostKeyException refused = check.refusal();
      if (refused != null) {
        throw refused;
      }
      throw new TransportException(host.name(), host.describe() + ": cannot connect: " + HostConnection.reason(e), e);
    }
    client.getConnection().getKeepAlive().setKeepAliveInterval((int) keepAlive.toSeconds());
    try {
      logins.authenticate(client, host);
      if (host.ssh().become() == SshSettings.Become.SUDO) {
        SudoCheck.probe(client, host);
      }
    } catch (RuntimeException e) {
      HostConnection.closeQuietly(client);
      throw e;
    }
    return client;
  }
}
