package dev.orchestrate.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * What a sandbox's controlling commands and its server process tell each other, in {@code
 * sandbox.properties}: how many hosts on which addresses and port, and how far the server got.
 */
record SandboxState(int nodes, String firstAddress, int sshPort, String user, String phase, long serverPid,
    String problem) {

  static final String STARTING = "starting";
  static final String READY = "ready";
  static final String FAILED = "failed";
  static final String DOWN = "down";

  /** The address of host {@code k}, counting from 1: the first address's last part plus k - 1. */
  String address(int k) {
    int last = firstAddress.lastIndexOf('.');
    return firstAddress.substring(0, last + 1) + (Integer.parseInt(firstAddress.substring(last + 1)) + k - 1);
  }

  SandboxState with(String newPhase, long pid, String why) {
    return new SandboxState(nodes, firstAddress, sshPort, user, newPhase, pid, why);
  }

  void write(SandboxLayout layout) {
    Properties properties = new Properties();
    properties.setProperty("nodes", Integer.toString(nodes));
    properties.setProperty("firstAddress", firstAddress);
    properties.setProperty("sshPort", Integer.toString(sshPort));
    properties.setProperty("user", user);
    properties.setProperty("phase", phase);
    properties.setProperty("serverPid", Long.toString(serverPid));
    properties.setProperty("problem", problem);
    Path temporary = layout.state().resolveSibling("sandbox.properties.new");
    try {
      try (OutputStream out = Files.newOutputStream(temporary)) {
        properties.store(out, "orchestrate sandbox");
      }
      Files.move(temporary, layout.state(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + layout.state(), e);
    }
  }

  static Optional<SandboxState> read(SandboxLayout layout) {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(layout.state())) {
      properties.load(in);
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.of(new SandboxState(Integer.parseInt(properties.getProperty("nodes", "0")),
        properties.getProperty("firstAddress", "127.0.1.1"), Integer.parseInt(properties.getProperty("sshPort", "2222")),
        properties.getProperty("user", ""), properties.getProperty("phase", DOWN),
        Long.parseLong(properties.getProperty("serverPid", "0")), properties.getProperty("problem", "")));
  }

  boolean serverAlive() {
    return serverPid > 0 && ProcessHandle.of(serverPid).map(ProcessHandle::isAlive).orElse(false);
  }
}
