package dev.orchestrate.core.module.confluence;

import static dev.orchestrate.core.module.confluence.RemoteScript.quote;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.confluence.RemoteScript.BadArgument;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.undo.BackupKept;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code backup}: archives a directory (or file) {@code src} on its node as {@code
 * <dest>/<name>-<runId>.tar.gz}, with {@code <name>-<runId>.sha256} beside it listing every
 * file's SHA-256 by its path relative to {@code src} (so {@code cd src && sha256sum -c} checks a
 * restored tree). The run id in the names keeps two runs from ever sharing a backup.
 *
 * <p>Check: whether this run's archive exists and verifies. Apply: one script writes the manifest
 * and {@code tar czf} (modes, symbolic links, and owners when restored by root) under {@code
 * .partial} names, verifies the archive ({@code gzip -t}, and every file of the manifest listed by
 * {@code tar tvzf} with its size on disk), and only then gives both their names; a backup that
 * does not verify is removed and fails the task. A rerun finds a verified archive and leaves it.
 * Undo: a {@link BackupKept}: backups are kept, so there is nothing to undo; the record says where
 * the archive and its manifest are, for the rollback to check the files it puts back. It is
 * recorded when the backup verifies, and never intended: a backup cut off leaves no archive under
 * its name, and a rollback must not check files against a manifest that was never written.
 */
public final class BackupModule implements Module {
  /** A home with its attachments can take long to compress. */
  private static final Duration TIMEOUT = Duration.ofHours(12);

  /**
   * {@code verify ARCHIVE WANTED} checks ARCHIVE against WANTED, lines {@code size path} ({@code *}
   * for any size); prints a {@code problem} line for each thing wrong, the first 10 of them. Names
   * are listed literally: tar's default escapes every non-ASCII byte in the C locale.
   */
  private static final String VERIFY_FUNCTION = """
      verify() {
        if ! gzip -t -- "$1" 2>/dev/null; then echo "problem $1 is not a sound gzip file"; return 1; fi
        if ! tar --quoting-style=literal -tvzf "$1" > "$work/listing"; then
          echo "problem tar cannot list $1"; return 1
        fi
        awk '/^[-h]/ { name = $0; sub(/^[^ ]+ +[^ ]+ +[0-9]+ +[^ ]+ +[^ ]+ /, "", name)
                       if (substr($0, 1, 1) == "h") { sub(/ link to .*$/, "", name); print "* " name }
                       else print $3 " " name }' "$work/listing" > "$work/archived"
        awk 'FNR == NR { name = $0; sub(/^[^ ]+ /, "", name); listed[name] = $1; next }
             { name = $0; sub(/^[^ ]+ /, "", name)
               if (!(name in listed)) problem = name " is missing from the archive"
               else if (listed[name] != "*" && $1 != "*" && listed[name] != $1)
                 problem = name " is " $1 " bytes, but " listed[name] " in the archive"
               else next
               if (++count <= 10) print "problem " problem }
             END { exit (count > 0) }' "$work/archived" "$2"
      }
      finish() {
        echo "sha256 $(sha256sum < "$1" | cut -c1-64)"
        echo "bytes $(wc -c < "$1")"
        echo "files $(wc -l < "$2")"
      }
      """;

  private static final String SCRIPT = """
      work=$(mktemp -d "${TMPDIR:-/tmp}/orchestrate-backup.XXXXXX") || exit 3
      trap 'rm -rf "$work"' EXIT
      if [ -d "$src" ]; then base=$src; item=.
      elif [ -e "$src" ]; then base=$(dirname -- "$src"); item="./$(basename -- "$src")"
      else echo "missing"; exit 0; fi
      if [ -e "$archive" ]; then
        if [ ! -f "$manifest" ]; then echo "problem $manifest is missing"; exit 1; fi
        sed -n 's/^[0-9a-f]\\{64\\} [ *]/* /p' "$manifest" > "$work/wanted"
        verify "$archive" "$work/wanted" || exit 1
        echo "present"; finish "$archive" "$manifest"; exit 0
      fi
      if [ "$check" = yes ]; then echo "absent"; exit 0; fi
      mkdir -p -- "$dest" || exit 3
      trap 'rm -rf "$work"; rm -f "$archive.partial" "$manifest.partial"' EXIT
      (cd -- "$base" && find "$item" -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum --) \\
        > "$manifest.partial" || { echo "problem cannot compute the checksums of $src"; exit 1; }
      (cd -- "$base" && find "$item" -type f -printf '%s %p\\n') > "$work/wanted" \\
        || { echo "problem cannot list $src"; exit 1; }
      tar -C "$base" -czf "$archive.partial" "$item" 2> "$work/tar" \\
        || { echo "problem tar failed: $(tail -n 3 "$work/tar" | tr '\\n' ' ')"; exit 1; }
      verify "$archive.partial" "$work/wanted" || exit 1
      mv -f -- "$manifest.partial" "$manifest" && mv -- "$archive.partial" "$archive" || exit 1
      trap 'rm -rf "$work"' EXIT
      echo "created"; finish "$archive" "$manifest"
      """;

  @Override
  public String name() {
    return "backup";
  }

  /** It checks before it changes, so running it again after a dropped connection is safe. */
  @Override
  public boolean safeToRerun() {
    return true;
  }

  @Override
  public Set<String> arguments() {
    return Set.of("src", "dest", "name", "missing_ok");
  }

  @Override
  public Set<String> requiredArguments() {
    return Set.of("src", "dest");
  }

  @Override
  public ModuleResult execute(ModuleCall call) {
    RemotePath src;
    RemotePath dest;
    String name;
    try {
      src = RemoteScript.path(call, "src");
      dest = RemoteScript.path(call, "dest");
      name = call.string("name", src.isRoot() ? "root" : src.value().substring(src.value().lastIndexOf('/') + 1));
      if (name.isBlank() || name.contains("/")) {
        throw new BadArgument("name must be a file name without '/', not '" + name + "'");
      }
    } catch (BadArgument e) {
      return ModuleResult.failed(e.getMessage());
    }
    if (dest.isSameOrInside(src)) {
      return ModuleResult.failed("dest " + dest + " lies inside src " + src + ": the archive would hold itself;"
          + " keep backups outside what they back up");
    }
    RemotePath archive = dest.resolve(name + "-" + call.runId() + ".tar.gz");
    RemotePath manifest = dest.resolve(name + "-" + call.runId() + ".sha256");
    String variables = "src=" + quote(src) + "\ndest=" + quote(dest) + "\narchive=" + quote(archive) + "\nmanifest="
        + quote(manifest) + "\ncheck=" + (call.checkMode() ? "yes" : "no") + "\n";
    CommandResult result = call.run(Command.of(variables + VERIFY_FUNCTION + SCRIPT).withTimeout(TIMEOUT));
    Map<String, List<String>> facts = RemoteScript.facts(result.stdout());
    if (!result.succeeded()) {
      List<String> problems = facts.getOrDefault("problem", List.of());
      return ModuleResult.failed("backup of " + src + " to " + archive + " failed: "
          + (problems.isEmpty() ? RemoteScript.failure(result) : String.join("\n", problems)));
    }
    if (facts.containsKey("missing")) {
      return call.flag("missing_ok", false) ? ModuleResult.ok(src + " does not exist; nothing to back up")
          : ModuleResult.failed(src + " does not exist; nothing to back up (missing_ok: true allows that)");
    }
    if (facts.containsKey("absent")) {
      return ModuleResult.changed("would back up " + src + " to " + archive);
    }
    long bytes = Long.parseLong(RemoteScript.fact(facts, "bytes", "0").strip());
    long files = Long.parseLong(RemoteScript.fact(facts, "files", "0").strip());
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("archive", archive.value());
    fields.put("manifest", manifest.value());
    fields.put("bytes", bytes);
    fields.put("files", files);
    fields.put("sha256", RemoteScript.fact(facts, "sha256", ""));
    boolean created = facts.containsKey("created");
    String message = created ? "backed up " + src + " to " + archive + ": " + files + " files, "
        + RemoteScript.size(bytes) + " compressed" : archive + " is there and verifies already";
    return new ModuleResult(created, false, message, fields,
        List.of(new BackupKept(archive.value(), manifest.value(), src.value())));
  }
}
