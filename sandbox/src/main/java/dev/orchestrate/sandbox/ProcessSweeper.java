package dev.orchestrate.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds and stops every process a sandbox started, by the mark in its environment: the SSH
 * server, the shells it ran, the simulators those started in the background, and whatever they
 * started in turn. Only this user's processes can be read, which are the only ones a sandbox makes.
 */
final class ProcessSweeper {
  private ProcessSweeper() {}

  static List<ProcessHandle> marked(Path sandbox) {
    byte[] mark = ("\0" + HostEnvironment.MARK + "=" + sandbox + "\0").getBytes(StandardCharsets.UTF_8);
    long me = ProcessHandle.current().pid();
    return ProcessHandle.allProcesses()
        .filter(p -> p.pid() != me)
        .filter(p -> environmentHolds(p.pid(), mark))
        .toList();
  }

  private static boolean environmentHolds(long pid, byte[] mark) {
    try {
      byte[] environ = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
      byte[] padded = new byte[environ.length + 1];
      System.arraycopy(environ, 0, padded, 1, environ.length);
      return indexOf(padded, mark) >= 0;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** TERM to every marked process, KILL to those still there after {@code graceSeconds}; returns how many there were. */
  static int stopAll(Path sandbox, int graceSeconds) {
    List<ProcessHandle> found = marked(sandbox);
    found.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds);
    while (System.nanoTime() < deadline && found.stream().anyMatch(ProcessHandle::isAlive)) {
      sleep(50);
    }
    found.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    marked(sandbox).forEach(ProcessHandle::destroyForcibly);
    return found.size();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
