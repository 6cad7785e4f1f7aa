package dev.orchestrate.core.transport;

import dev.orchestrate.core.topology.RemotePath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * This machine as a host: what {@code delegate_to: localhost} runs on, as Ansible runs such tasks
 * on its controller, and what module tests use to run scripts for real without SSH. Commands
 * run in {@code /bin/sh}, files are real files; secrets arrive as environment variables, as the
 * SSH transport's prologue exports them.
 */
public final class LocalTransport implements Transport {
  @Override
  public void connect(Collection<Host> hosts) {}

  @Override
  public CommandResult run(Host host, Command command) {
    long start = System.nanoTime();
    try {
      ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command.script());
      command.secrets().forEach((name, secret) -> builder.environment().put(name, secret.reveal()));
      Process process = builder.start();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(command.stdin().orElse(new byte[0]));
      } catch (IOException ignored) {
        // The command did not read its input.
      }
      if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new CommandTimeoutException(host.name(), "timed out after " + command.timeout(), java.util.List.of());
      }
      String stdout = out.join();
      stdout.lines().forEach(line -> command.listener().line(OutputListener.Stream.STDOUT, line));
      return new CommandResult(process.exitValue(), stdout, err.join(), false,
          Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void upload(Host host, RemotePath target, byte[] content, int mode) {
    try {
      Path path = Path.of(target.value());
      Path temporary = path.resolveSibling(path.getFileName() + ".orchestrate-upload");
      Files.write(temporary, content);
      Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString(permissions(mode)));
      Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<byte[]> download(Host host, RemotePath source, int maxBytes) {
    Path path = Path.of(source.value());
    try {
      return Files.isRegularFile(path) ? Optional.of(Files.readAllBytes(path)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public CopyReport copyTree(Host source, RemotePath from, Host target, RemotePath to, CopyListener listener) {
    if (Files.exists(Path.of(to.value()))) {
      throw new CopyException(target.name(), to + " already exists");
    }
    CommandResult copied = run(target, Command.of("cp -a " + Shell.quote(from.value()) + " " + Shell.quote(to.value())));
    if (!copied.succeeded()) {
      throw new CopyException(target.name(), copied.stderr());
    }
    return new CopyReport(0, 0, 0, 0, 0, "local cp -a", Duration.ZERO);
  }

  @Override
  public void close() {}

  private static String read(InputStream stream) {
    try (stream) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      stream.transferTo(bytes);
      return bytes.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String permissions(int mode) {
    StringBuilder text = new StringBuilder();
    for (int shift = 6; shift >= 0; shift -= 3) {
      int bits = (mode >> shift) & 7;
      text.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
    }
    return text.toString();
  }
}
