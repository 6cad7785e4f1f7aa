package dev.orchestrate.sandbox.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/** A client key pair for logging in to an {@link EmbeddedSshServer}: EC P-256, in OpenSSH's formats. */
public final class ClientKeys {
  private ClientKeys() {}

  /**
   * Writes a new private key (owner-only, no passphrase) to {@code privateKey}, its public line
   * to {@code privateKey.pub}, and returns that line, which an authorized_keys file takes as it is.
   */
  public static String write(Path privateKey, String comment) throws IOException {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      try (OutputStream out = Files.newOutputStream(privateKey)) {
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, comment, null, out);
      }
      Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
      String publicLine = PublicKeyEntry.toString(pair.getPublic()) + " " + comment + "\n";
      Files.writeString(privateKey.resolveSibling(privateKey.getFileName() + ".pub"), publicLine);
      return publicLine;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java cannot make EC keys", e);
    }
  }
}
