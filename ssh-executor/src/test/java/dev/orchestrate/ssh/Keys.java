package dev.orchestrate.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Client keys for tests, made by ssh-keygen as a user would make them. */
public final class Keys {
  private Keys() {}

  /** A new key pair of {@code type} (ed25519, ecdsa, rsa) at {@code file} and {@code file}.pub. */
  public static Path generate(Path file, String type, String passphrase) {
    if (!Files.exists(file)) {
      List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase,
          "-C", "orchestrate-test", "-f", file.toString()));
      if (type.equals("rsa")) {
        command.addAll(List.of("-b", "2048"));
      }
      run(command.toArray(String[]::new));
    }
    return file;
  }

  public static String publicKey(Path privateKey) {
    try {
      return Files.readString(Path.of(privateKey + ".pub")).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void authorize(Path authorizedKeys, Path... privateKeys) {
    StringBuilder lines = new StringBuilder();
    for (Path key : privateKeys) {
      lines.append(publicKey(key)).append('\n');
    }
    try {
      Files.createDirectories(authorizedKeys.toAbsolutePath().getParent());
      Files.writeString(authorizedKeys, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
