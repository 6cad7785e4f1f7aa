package dev.orchestrate.core.module.confluence;

import static dev.orchestrate.core.module.confluence.RemoteScript.quote;

import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.CopyListener;
import dev.orchestrate.core.transport.CopyReport;
import dev.orchestrate.core.transport.Shell;
import dev.orchestrate.core.undo.SetAside;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code sync} does, decided from one look at {@code dest} with no host: {@link Settled}
 * at once (the look failed, or check mode), {@link Compare} a {@code dest} that is there with the
 * source, or {@link Copy} into an absent one, with the undo record to intend first and the
 * reading of the transport's report.
 */
sealed interface SyncPlan permits SyncPlan.Settled, SyncPlan.Compare, SyncPlan.Copy {
  /** Reading every file of a large installation twice takes a while. */
  Duration FINGERPRINT_TIMEOUT = Duration.ofHours(1);

  static SyncPlan decide(Sync sync, String node, CommandResult probe, boolean checkMode) {
    if (!probe.succeeded()) {
      return new Settled(ModuleResult.failed("cannot create " + sync.parent() + " on " + node + ", "
          + RemoteScript.failure(probe)));
    }
    if (probe.stdout().contains("present")) {
      return new Compare(sync);
    }
    if (checkMode) {
      return new Settled(ModuleResult.changed("would copy " + sync.describeSource() + " to " + sync.dest()));
    }
    return new Copy(sync);
  }

  /** Nothing to send: the look alone decides the result. */
  record Settled(ModuleResult result) implements SyncPlan {}

  /**
   * {@code dest} is there: kept when it is the same tree as the source, file by file, and the
   * task fails otherwise, having changed nothing. A copy lands whole (staged, then renamed), so a
   * tree there is either a copy this tool finished, whose record a cut-off run did not keep, or
   * something else, which must never be taken for one. What Confluence and the next tasks change
   * in a copy is left out of the comparison: {@code logs/}, {@code temp/} and {@code work/} at
   * its top, and {@code confluence-init.properties}, which points a copy at its own home, with the
   * copy kept of it before that edit ({@code confluence-init.properties.orchestrate-RUN}).
   */
  record Compare(Sync sync) implements SyncPlan {
    /** Run on the source node. */
    Command sourceFingerprint() {
      return Command.of(fingerprint(sync.src())).withTimeout(FINGERPRINT_TIMEOUT);
    }

    /** Run on this node. */
    Command destFingerprint() {
      return Command.of(fingerprint(sync.dest())).withTimeout(FINGERPRINT_TIMEOUT);
    }

    ModuleResult result(String node, CommandResult source, CommandResult here) {
      for (CommandResult result : List.of(source, here)) {
        if (!result.succeeded() || !result.stdout().strip().matches("[0-9a-f]{64} [0-9]+")) {
          return ModuleResult.failed(sync.dest() + " is there already on " + node + " and cannot be compared with "
              + sync.describeSource() + ", " + RemoteScript.failure(result) + "; nothing was changed");
        }
      }
      String[] expected = source.stdout().strip().split(" ");
      String[] found = here.stdout().strip().split(" ");
      if (!expected[0].equals(found[0])) {
        return ModuleResult.failed(sync.dest() + " is there already on " + node + " and is not a copy of "
            + sync.describeSource() + " (" + found[1] + " files there, " + expected[1] + " in the source, contents"
            + " differ); a copy never overwrites: move " + sync.dest() + " aside and apply again to copy it afresh");
      }
      return ModuleResult.ok(sync.dest() + " is there already on " + node + " and is the same as "
          + sync.describeSource() + ", file by file (" + found[1] + " files); kept");
    }

    /**
     * Prints a tree's digest (every entry's type, path and link target, every file's SHA-256) and its
     * number of files; only these travel.
     */
    private static String fingerprint(RemotePath dir) {
      return """
          set -e
          cd -- %s
          entries() {
            find . \\( -path ./logs -o -path ./temp -o -path ./work \\) -prune \\
              -o ! -path './confluence/WEB-INF/classes/confluence-init.properties*' "$@"
          }
          list=$(mktemp "${TMPDIR:-/tmp}/orchestrate-fingerprint.XXXXXX")
          trap 'rm -f "$list"' EXIT
          entries -printf '%%y %%p %%l\\n' | LC_ALL=C sort > "$list"
          entries -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum >> "$list"
          printf '%%s %%s\\n' "$(sha256sum < "$list" | cut -c 1-64)" "$(grep -c '^f ' "$list" || true)"
          """.formatted(quote(dir));
    }
  }

  /**
   * The transport's verified tree copy into the absent {@code dest}; its undo, {@link SetAside},
   * is intended before the copy starts and recorded again once this call made the copy.
   */
  record Copy(Sync sync) implements SyncPlan {
    SetAside intent() {
      return SetAside.copy(sync.dest().value());
    }

    String progress(long bytes, Duration elapsed) {
      return "copying " + sync.describeSource() + ": " + RemoteScript.size(bytes) + " at "
          + RemoteScript.size((long) CopyListener.rate(bytes, elapsed)) + "/s";
    }

    ModuleResult copied(CopyReport report) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("files", report.files());
      fields.put("bytes", report.fileBytes());
      fields.put("seconds", report.elapsed().toMillis() / 1000.0);
      fields.put("rate", Math.round(report.rate()));
      return ModuleResult.changed("copied " + sync.describeSource() + " to " + sync.dest() + ": " + report.files()
          + " files, " + RemoteScript.size(report.fileBytes())).withFields(fields).withUndo(intent());
    }

    ModuleResult failed(String why) {
      return ModuleResult.failed("cannot copy " + sync.describeSource() + " to " + sync.dest() + ": " + why);
    }
  }

  /** One copy: the source node and tree, and where it lands here. */
  record Sync(String from, RemotePath src, RemotePath dest) {
    /**
     * Whether dest is there; outside check mode, when it is not, its parent is made, since transports
     * differ in whether they create a missing parent.
     */
    Command probe(boolean checkMode) {
      return Command.of("if [ -e " + quote(dest) + " ] || [ -L " + quote(dest) + " ]; then echo present"
          + (checkMode ? "" : "; else mkdir -p -- " + Shell.quote(parent())) + "; fi");
    }

    String parent() {
      return dest.isRoot() ? "/" : dest.value().substring(0, Math.max(1, dest.value().lastIndexOf('/')));
    }

    String describeSource() {
      return from + ":" + src;
    }
  }
}
