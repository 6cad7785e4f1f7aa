package dev.orchestrate.sandbox.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * One exec or shell request, run as {@code setsid /bin/sh -c COMMAND} on this machine: in a
 * process group of its own (as sshd gives each session), in the host's directory, with the
 * host's environment. Its exit status reaches the client only after all its output has.
 */
final class ProcessCommand implements Command {
  private final List<String> argv;
  private final Path workingDirectory;
  private final Map<String, String> environment;
  private final ExecutorService pumps;
  private InputStream in;
  private OutputStream out;
  private OutputStream err;
  private ExitCallback exit;
  private volatile Process process;

  ProcessCommand(List<String> argv, Path workingDirectory, Map<String, String> environment, ExecutorService pumps) {
    this.argv = List.copyOf(argv);
    this.workingDirectory = workingDirectory;
    this.environment = Map.copyOf(environment);
    this.pumps = pumps;
  }

  @Override
  public void setInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public void setOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void setErrorStream(OutputStream err) {
    this.err = err;
  }

  @Override
  public void setExitCallback(ExitCallback callback) {
    this.exit = callback;
  }

  @Override
  public void start(ChannelSession channel, Environment channelEnvironment) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(argv).directory(workingDirectory.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    try {
      process = builder.start();
    } catch (IOException e) {
      // As sshd does when the shell cannot start: say why on stderr and end the channel, not the connection.
      err.write((argv.get(0) + ": " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
      err.flush();
      exit.onExit(127);
      return;
    }
    Process started = process;
    pumps.submit(() -> feed(started));
    Future<?> stdout = pumps.submit(() -> drain(started.getInputStream(), out));
    Future<?> stderr = pumps.submit(() -> drain(started.getErrorStream(), err));
    pumps.submit(() -> {
      int status = -1;
      try {
        status = started.waitFor();
        stdout.get();
        stderr.get();
      } catch (Exception e) {
        Thread.currentThread().interrupt();
      }
      exit.onExit(status);
    });
  }

  private void feed(Process started) {
    try (OutputStream stdin = started.getOutputStream()) {
      copy(in, stdin);
    } catch (IOException e) {
      // The process closed its input, or the channel went away; either way there is no more to feed.
    }
  }

  private static void drain(InputStream from, OutputStream to) {
    try (from) {
      copy(from, to);
    } catch (IOException e) {
      // The client went away; the process ends when its output pipe breaks or it is destroyed.
    }
  }

  /** Flushed at every read: a shell fed one command at a time must see each at once, and its answer too. */
  private static void copy(InputStream from, OutputStream to) throws IOException {
    byte[] buffer = new byte[32 * 1024];
    for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
      to.write(buffer, 0, n);
      to.flush();
    }
  }

  @Override
  public void destroy(ChannelSession channel) {
    Process running = process;
    if (running != null && running.isAlive()) {
      running.descendants().forEach(ProcessHandle::destroy);
      running.destroy();
    }
  }
}
