package dev.orchestrate.core.module.edit;

import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.CopyListener;
import dev.orchestrate.core.transport.CopyReport;
import dev.orchestrate.core.undo.UndoRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link ModuleCall} on this machine, for tests of modules that edit files: commands run in a
 * real {@code /bin/sh}, files are read and written where their paths say (tests give paths inside
 * a temporary directory), and secret references {@code ((secret:NAME))} are revealed from a map.
 * It records the scripts it ran, the paths it wrote and the undo records it was told of, and in
 * {@link #steps()} the order of the last two.
 */
public final class LocalModuleCall implements ModuleCall {
  public static final String RUN_ID = "run-1";
  private static final Pattern SECRET = Pattern.compile("\\(\\(secret:([A-Za-z0-9_.-]+)\\)\\)");

  private final Map<String, Object> arguments;
  private final Map<String, String> secrets;
  private final boolean checkMode;
  private final List<String> scripts = Collections.synchronizedList(new ArrayList<>());
  private final List<String> uploads = Collections.synchronizedList(new ArrayList<>());
  private final List<UndoRecord> intents = Collections.synchronizedList(new ArrayList<>());
  private final List<String> steps = Collections.synchronizedList(new ArrayList<>());

  public LocalModuleCall(Map<String, Object> arguments, Map<String, String> secrets, boolean checkMode) {
    this.arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    this.secrets = Map.copyOf(secrets);
    this.checkMode = checkMode;
  }

  /** Arguments from alternating keys and values; unlike {@code Map.of}, a value may be null. */
  public static Map<String, Object> arguments(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  public List<String> scripts() {
    return List.copyOf(scripts);
  }

  public List<String> uploads() {
    return List.copyOf(uploads);
  }

  public List<UndoRecord> intents() {
    return List.copyOf(intents);
  }

  /** {@code intend KIND} and {@code upload PATH}, in the order they happened. */
  public List<String> steps() {
    return List.copyOf(steps);
  }

  @Override
  public String node() {
    return "node1";
  }

  @Override
  public Map<String, Object> arguments() {
    return arguments;
  }

  @Override
  public String runId() {
    return RUN_ID;
  }

  @Override
  public String revealSecrets(String text) {
    Matcher matcher = SECRET.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String secret = secrets.get(matcher.group(1));
      if (secret == null) {
        throw new IllegalStateException("the test defines no secret " + matcher.group(1));
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(secret));
    }
    return matcher.appendTail(out).toString();
  }

  @Override
  public boolean checkMode() {
    return checkMode;
  }

  @Override
  public Path playbookDirectory() {
    throw new UnsupportedOperationException();
  }

  @Override
  public CommandResult run(Command command) {
    scripts.add(command.script());
    long started = System.nanoTime();
    try {
      Process process = new ProcessBuilder("/bin/sh", "-c", command.script()).start();
      CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
      try (var stdin = process.getOutputStream()) {
        if (command.stdin().isPresent()) {
          stdin.write(command.stdin().get());
        }
      }
      byte[] stdout = process.getInputStream().readAllBytes();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("timed out: " + command.describe());
      }
      return new CommandResult(process.exitValue(), new String(stdout, StandardCharsets.UTF_8),
          new String(stderr.join(), StandardCharsets.UTF_8), false, Duration.ofNanos(System.nanoTime() - started));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public CommandResult runOn(String node, Command command) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void upload(RemotePath target, byte[] content, int mode) {
    uploads.add(target.value());
    steps.add("upload " + target.value());
    Path file = Path.of(target.value());
    try {
      Path staged = Files.createTempFile(file.getParent(), ".upload", "");
      Files.write(staged, content);
      Files.setPosixFilePermissions(staged, permissions(mode));
      Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<byte[]> download(RemotePath source, int maxBytes) {
    Path file = Path.of(source.value());
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      if (Files.size(file) > maxBytes) {
        throw new IllegalStateException(source + " is larger than " + maxBytes + " bytes");
      }
      return Optional.of(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public CopyReport copyTreeFrom(String sourceNode, RemotePath from, RemotePath to, CopyListener listener) {
    throw new UnsupportedOperationException();
  }

  @Override
  public String renderTemplate(String text) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<String> nodeNames() {
    return List.of(node());
  }

  @Override
  public void progress(String message) {}

  @Override
  public void intend(UndoRecord record) {
    if (checkMode) {
      throw new IllegalStateException("an intent in check mode: " + record.describe());
    }
    intents.add(record);
    steps.add("intend " + record.kind());
  }

  /** The permission bits {@code mode} (such as 0640) stands for. */
  public static Set<PosixFilePermission> permissions(int mode) {
    PosixFilePermission[] bits = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        permissions.add(bits[i]);
      }
    }
    return permissions;
  }

  private static byte[] readAll(InputStream stream) {
    try {
      return stream.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
