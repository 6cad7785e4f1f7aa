package dev.orchestrate.ssh;

import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.CopyException;
import dev.orchestrate.core.transport.CopyListener;
import dev.orchestrate.core.transport.CopyReport;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.Shell;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A directory tree copied from one host to another, streamed through this machine as a tar
 * archive: {@code tar c} on the source, {@code tar x} on the target, a buffer between them, so no
 * file is ever held whole here. The tree lands in {@code <target>.orchestrate-partial}; both hosts
 * then compute a manifest (type, mode, size, whole-second time, ownership when the target runs as
 * root, link target, SHA-256 of each file) — the source's while the archive streams — and only when
 * the two agree does the staging directory take the target's name. The target must not exist.
 */
final class TreeCopy {
  static final String STAGING_SUFFIX = ".orchestrate-partial";
  private static final Duration MANIFEST_TIMEOUT = Duration.ofHours(4);
  private static final int BUFFER = 256 * 1024;
  private static final long PROGRESS_EVERY_MILLIS = 250;

  private final SshHost source;
  private final SshHost target;
  private final ExecutorService threads;
  private final Duration stall;

  TreeCopy(SshHost source, SshHost target, ExecutorService threads, Duration stall) {
    this.source = source;
    this.target = target;
    this.threads = threads;
    this.stall = stall;
  }

  CopyReport copy(RemotePath from, RemotePath to, CopyListener listener) {
    long started = System.nanoTime();
    RemotePath staging = RemotePath.of(to.value() + STAGING_SUFFIX);
    prepare(from, to, staging);
    boolean withOwners = runsAsRoot(target.host());
    Future<Manifest> sourceManifest = threads.submit(() -> manifest(source, from, withOwners));
    long streamed = stream(from, staging, listener, started);
    Manifest expected = await(sourceManifest);
    Manifest landed = manifest(target, staging, withOwners);
    if (!expected.sameAs(landed)) {
      String differences = differences(expected, landed);
      cleanUp(expected, landed);
      throw new CopyException(target.host().name(), "the copy of " + source.host().name() + ":" + from + " in "
          + target.host().name() + ":" + staging + " does not match its source (" + expected.summary() + " there, "
          + landed.summary() + " here)" + differences + "; " + to + " was not created and " + staging
          + " is left for inspection");
    }
    cleanUp(expected, landed);
    CommandResult moved = target.run(Command.of("mv " + Shell.quote(staging.value()) + " " + Shell.quote(to.value())));
    if (!moved.succeeded()) {
      throw new CopyException(target.host().name(), target.host().describe() + ": the verified copy is in " + staging
          + " but cannot be renamed to " + to + ": " + moved.stderr().strip());
    }
    return new CopyReport(landed.files, landed.directories, landed.symlinks, landed.bytes, streamed,
        landed.digest, Duration.ofNanos(System.nanoTime() - started));
  }

  private void prepare(RemotePath from, RemotePath to, RemotePath staging) {
    CommandResult found = source.run(Command.of("[ -d " + Shell.quote(from.value()) + " ]"));
    if (!found.succeeded()) {
      throw new CopyException(source.host().name(), source.host().describe() + ": " + from + " is not a directory");
    }
    String t = Shell.quote(to.value());
    String s = Shell.quote(staging.value());
    CommandResult ready = target.run(Command.of(
        "if [ -e " + t + " ] || [ -L " + t + " ]; then exit 3; fi; "
            + "mkdir -p \"$(dirname " + t + ")\" || exit 4; rm -rf " + s + " && mkdir " + s + " || exit 5"));
    if (ready.exitStatus() == 3) {
      throw new CopyException(target.host().name(), target.host().describe() + ": " + to
          + " exists already; a copy never replaces a directory (move it away first if it is not needed)");
    }
    if (!ready.succeeded()) {
      throw new CopyException(target.host().name(), target.host().describe() + ": cannot create " + staging + ": "
          + ready.stderr().strip());
    }
  }

  /** Pipes the archive from source to target; returns the bytes streamed. */
  private long stream(RemotePath from, RemotePath staging, CopyListener listener, long started) {
    AtomicLong bytes = new AtomicLong();
    try (RawProcess tarOut = RawProcess.start(source.connection(), threads,
            "exec tar -C " + Shell.quote(from.value()) + " -cpf - .");
        RawProcess tarIn = RawProcess.start(target.connection(), threads,
            "exec tar -C " + Shell.quote(staging.value()) + " -xpf -")) {
      Future<?> pump = threads.submit(() -> pump(tarOut.stdout(), tarIn.stdin(), bytes));
      watch(pump, bytes, listener, started, tarOut, tarIn);
      int sent = tarOut.exitStatus(Duration.ofMinutes(1));
      int received = tarIn.exitStatus(Duration.ofMinutes(10));
      if (sent != 0) {
        throw droppedOr(new CopyException(source.host().name(), source.host().describe() + ": tar could not read "
            + from + " (status " + sent + "): " + tarOut.stderr()));
      }
      if (received != 0) {
        throw droppedOr(new CopyException(target.host().name(), target.host().describe() + ": tar could not write "
            + staging + " (status " + received + "): " + tarIn.stderr()));
      }
    } catch (IOException e) {
      throw droppedOr(new CopyException(target.host().name(), "the copy from " + source.host().name() + " to "
          + target.host().name() + " broke off: " + HostConnection.reason(e), e));
    }
    listener.progress(bytes.get(), Duration.ofNanos(System.nanoTime() - started));
    return bytes.get();
  }

  /**
   * {@code failure}, unless a connection to either host dropped: then the copy was cut off rather
   * than failed, and the caller may run it again once the host answers (a copy only ever lands
   * under the staging name, so running it again is safe), or finds the host unreachable.
   */
  private RuntimeException droppedOr(CopyException failure) {
    for (HostConnection end : List.of(target.connection(), source.connection())) {
      if (!end.stillConnected()) {
        return end.lostDuring("the copy from " + source.host().name() + " to " + target.host().name(), failure);
      }
    }
    return failure;
  }

  private static Void pump(InputStream in, OutputStream out, AtomicLong bytes) throws IOException {
    byte[] buffer = new byte[BUFFER];
    try (in; out) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
        bytes.addAndGet(n);
      }
      // sshj's close() sends end-of-file without waiting for window to send what it still holds,
      // silently dropping the archive's tail; flush() waits.
      out.flush();
    }
    return null;
  }

  /** Reports progress until the pump ends; abandons a copy that moves nothing for too long. */
  private void watch(Future<?> pump, AtomicLong bytes, CopyListener listener, long started, RawProcess... ends)
      throws IOException {
    long lastBytes = -1;
    long lastMove = System.nanoTime();
    while (true) {
      try {
        pump.get(PROGRESS_EVERY_MILLIS, TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException e) {
        long now = System.nanoTime();
        long seen = bytes.get();
        if (seen != lastBytes) {
          lastBytes = seen;
          lastMove = now;
          listener.progress(seen, Duration.ofNanos(now - started));
        } else if (now - lastMove > stall.toNanos()) {
          Arrays.stream(ends).forEach(RawProcess::close);
          throw new IOException("no data moved for " + stall.toSeconds() + "s");
        }
      } catch (ExecutionException e) {
        throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }

  /** A tree's manifest, kept in a temporary file on its host; only its digest and counts travel. */
  private record Manifest(SshHost host, String digest, long files, long directories, long symlinks, long bytes,
      String path) {
    boolean sameAs(Manifest other) {
      return digest.equals(other.digest) && files == other.files && directories == other.directories
          && symlinks == other.symlinks && bytes == other.bytes;
    }

    String summary() {
      return files + " files, " + directories + " directories, " + symlinks + " links, " + bytes + " bytes";
    }
  }

  private static Manifest manifest(SshHost host, RemotePath dir, boolean withOwners) {
    String owners = withOwners ? " %u:%g" : "";
    String script = "cd -- " + Shell.quote(dir.value()) + " || exit 3; "
        + "m=$(mktemp \"${TMPDIR:-/tmp}/orchestrate-manifest.XXXXXX\") || exit 4; "
        + "{ find . -type s -o \\( -type f -printf 'f %m %s %T@" + owners + " %p\\0' \\)"
        + " -o \\( -type d -printf 'd %m %T@" + owners + " %p\\0' \\)"
        + " -o \\( -type l -printf 'l" + owners + " %p -> %l\\0' \\)"
        + " -o -printf '%y %m" + owners + " %p\\0'"
        + " | sed -z -E 's/^([fd] [0-7]+ ([0-9]+ )?[0-9]+)\\.[0-9]+/\\1/' | LC_ALL=C sort -z;"
        + " find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum -z --; } > \"$m\" || exit 5; "
        // The counts in one walk of the tree: files with their sizes, directories, links.
        + "printf '%s %s %s\\n' \"$(sha256sum < \"$m\" | cut -c1-64)\""
        + " \"$(find . \\( -type f -printf 'f %s\\n' \\) -o \\( -type d -printf 'd\\n' \\) -o \\( -type l -printf 'l\\n' \\)"
        + " | awk '{n[$1]++} $1 == \"f\" {s+=$2} END {printf \"%d %d %d %d\", n[\"f\"], n[\"d\"], n[\"l\"], s}')\" \"$m\"";
    CommandResult result = host.run(Command.of(script).withTimeout(MANIFEST_TIMEOUT));
    String[] fields = result.stdout().strip().split(" ", 6);
    if (!result.succeeded() || fields.length != 6) {
      throw new CopyException(host.host().name(), host.host().describe() + ": cannot list " + dir + " to verify the"
          + " copy (status " + result.exitStatus() + "): " + result.stderr().strip());
    }
    return new Manifest(host, fields[0], Long.parseLong(fields[1]), Long.parseLong(fields[2]),
        Long.parseLong(fields[3]), Long.parseLong(fields[4]), fields[5]);
  }

  private static Manifest await(Future<Manifest> manifest) {
    try {
      return manifest.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while verifying a copy", e);
    }
  }

  /** The first entries that differ, read from both manifests; empty when they cannot be read. */
  private String differences(Manifest expected, Manifest landed) {
    Set<String> there = records(expected);
    Set<String> here = records(landed);
    if (there.isEmpty() && here.isEmpty()) {
      return "";
    }
    List<String> lines = new ArrayList<>();
    there.stream().filter(r -> !here.contains(r)).sorted().limit(5).forEach(r -> lines.add("only in the source: " + r));
    here.stream().filter(r -> !there.contains(r)).sorted().limit(5).forEach(r -> lines.add("only in the copy: " + r));
    return lines.isEmpty() ? "" : ":\n  " + String.join("\n  ", lines) + "\n";
  }

  private Set<String> records(Manifest manifest) {
    try (RawProcess cat = RawProcess.start(manifest.host.connection(), threads,
        "exec cat " + Shell.quote(manifest.path))) {
      byte[] content = cat.stdout().readNBytes(64 << 20);
      return new HashSet<>(Arrays.asList(new String(content, StandardCharsets.UTF_8).split("\0")));
    } catch (IOException | RuntimeException e) {
      return Set.of();
    }
  }

  /** Whether the target's login user is root, or commands run through sudo: ownership can then be kept. */
  private static boolean runsAsRoot(Host host) {
    return host.ssh().become() == SshSettings.Become.SUDO || host.ssh().user().equals("root");
  }

  private static void cleanUp(Manifest... manifests) {
    for (Manifest manifest : manifests) {
      manifest.host.run(Command.of("rm -f " + Shell.quote(manifest.path)));
    }
  }
}
