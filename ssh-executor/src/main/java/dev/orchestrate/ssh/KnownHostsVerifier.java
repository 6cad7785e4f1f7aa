package dev.orchestrate.ssh;

import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.HostKeyException;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Checks host keys against a known_hosts file as OpenSSH does, hashed entries and
 * {@code [host]:port} entries included. A key is trusted only when an entry for the host lists
 * it. When entries for the host exist but none lists the key, the key has changed, and it is
 * refused whatever the policy; an unknown key is added only under {@link
 * SshTransport.HostKeyPolicy#ACCEPT_NEW}, as OpenSSH's {@code accept-new} does.
 */
final class KnownHostsVerifier {
  private static final Object FILE_LOCK = new Object();

  private final SshTransport.HostKeyPolicy policy;

  KnownHostsVerifier(SshTransport.HostKeyPolicy policy) {
    this.policy = policy;
  }

  /** The verifier for one connection attempt; it remembers why it refused a key. */
  Check forHost(Host host) {
    return new Check(host);
  }

  /** One connection's check, with the reason for a refusal. */
  final class Check implements HostKeyVerifier {
    private final Host host;
    private final AtomicReference<HostKeyException> refusal = new AtomicReference<>();
    private OpenSSHKnownHosts known;

    private Check(Host host) {
      this.host = host;
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
      Path file = host.ssh().knownHosts();
      String hostPart = port == 22 ? hostname : "[" + hostname + "]:" + port;
      String line = hostPart + " " + KeyType.fromKey(key) + " " + base64(blob(key));
      synchronized (FILE_LOCK) {
        boolean listed = false;
        for (OpenSSHKnownHosts.KnownHostEntry entry : known().entries()) {
          try {
            if (entry.appliesTo(hostPart)) {
              listed = true;
              if (entry.appliesTo(KeyType.fromKey(key), hostPart) && entry.verify(key)) {
                return true;
              }
            }
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
          }
        }
        if (listed) {
          refusal.set(changed(file, key, hostPart, line));
          return false;
        }
        if (policy == SshTransport.HostKeyPolicy.ACCEPT_NEW) {
          append(file, line);
          return true;
        }
        refusal.set(unknown(file, key, line));
        return false;
      }
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
      synchronized (FILE_LOCK) {
        return known().findExistingAlgorithms(hostname, port);
      }
    }

    /** The file, read once per connection attempt: key exchange asks for it twice. */
    private OpenSSHKnownHosts known() {
      if (known == null) {
        known = read(host.ssh().knownHosts());
      }
      return known;
    }

    /** Why the key was refused, if it was. */
    HostKeyException refusal() {
      return refusal.get();
    }

    private HostKeyException unknown(Path file, PublicKey key, String line) {
      String fingerprint = fingerprint(key);
      return new HostKeyException(host.name(), HostKeyException.Problem.UNKNOWN, fingerprint, line,
          host.describe() + ": its host key is not in " + file + ", so nothing was run.\n"
              + "  key: " + KeyType.fromKey(key) + " " + fingerprint + "\n"
              + "  Check that fingerprint on the host itself (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub),"
              + " then add this line to " + file + ":\n"
              + "  " + line + "\n"
              + "  or run again with --accept-new-host-keys to add keys of hosts not yet listed.");
    }

    private HostKeyException changed(Path file, PublicKey key, String hostPart, String line) {
      String fingerprint = fingerprint(key);
      return new HostKeyException(host.name(), HostKeyException.Problem.CHANGED, fingerprint, line,
          host.describe() + ": its host key DIFFERS from the one " + file + " lists for " + hostPart
              + ", so nothing was run.\n"
              + "  presented: " + KeyType.fromKey(key) + " " + fingerprint + "\n"
              + "  Someone may be intercepting the connection, or the host was reinstalled. If you know the"
              + " change is expected, remove the old entry (ssh-keygen -R '" + hostPart + "' -f " + file
              + ") and add:\n"
              + "  " + line);
    }
  }

  private static OpenSSHKnownHosts read(Path file) {
    try {
      if (!Files.exists(file)) {
        return new OpenSSHKnownHosts(new StringReader(""));
      }
      return new OpenSSHKnownHosts(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void append(Path file, String line) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      boolean needsBreak = Files.exists(file) && Files.size(file) > 0 && !endsWithNewline(file);
      Files.writeString(file, (needsBreak ? "\n" : "") + line + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot add a host key to " + file, e);
    }
  }

  private static boolean endsWithNewline(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    return all.length > 0 && all[all.length - 1] == '\n';
  }

  static byte[] blob(PublicKey key) {
    return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
  }

  /** {@code SHA256:...}, the form {@code ssh-keygen -l} prints. */
  static String fingerprint(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob(key));
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java", e);
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
