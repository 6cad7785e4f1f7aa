package dev.orchestrate.core.module.confluence;

import static dev.orchestrate.core.module.confluence.RemoteScript.quote;

import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.undo.BackupKept;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code backup} does, decided from one read-only look ({@link Backup#probe}) with no host:
 * {@link Settled} at once (src missing, this run's archive there and verified or not, check
 * mode), or {@link Create}: the one script that writes and verifies the archive, and the reading
 * of what it printed into the task's result.
 */
sealed interface BackupPlan permits BackupPlan.Settled, BackupPlan.Create {
  /** A home with its attachments can take long to compress, and an archive long to verify. */
  Duration TIMEOUT = Duration.ofHours(12);

  /**
   * {@code verify ARCHIVE WANTED} checks ARCHIVE against WANTED, lines {@code size path} ({@code *}
   * for any size); prints a {@code problem} line for each thing wrong, the first 10 of them. Names
   * are listed literally: tar's default escapes every non-ASCII byte in the C locale.
   *
   * <p>The archive is decompressed once, and gzip's own status says whether it is sound: only gzip
   * checks the CRC and length in its trailer, and GNU tar -z lets pass a gzip killed by SIGPIPE once
   * tar stopped reading. tar stops at the archive's end marker, so what follows is read to the end
   * for gzip to reach its trailer. tar's complaints are shown only of a sound gzip file; of a broken
   * one they say nothing more.
   *
   * <p>{@code digest ARCHIVE} computes its SHA-256 in the background, beside the verification, which
   * reads the same file; {@code digested} waits for it, {@code finish} prints it with the figures.
   */
  String VERIFY_FUNCTION = """
      verify() {
        { gzip -dc -- "$1" 2> /dev/null; echo $? > "$work/gunzip"; } \\
          | (tar --quoting-style=literal -tv -f - > "$work/listing" 2> "$work/untar"; listed=$?
             cat > /dev/null; exit $listed)
        listed=$?
        read gunzip < "$work/gunzip"
        if [ "$gunzip" != 0 ]; then echo "problem $1 is not a sound gzip file"; return 1; fi
        cat "$work/untar" >&2
        if [ $listed != 0 ]; then echo "problem tar cannot list $1"; return 1; fi
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
      digest() {
        sha256sum < "$1" > "$work/digest" &
        digesting=$!
      }
      digested() {
        wait $digesting || { echo "problem cannot compute the SHA-256 of $1"; return 1; }
      }
      finish() {
        echo "sha256 $(cut -c1-64 "$work/digest")"
        echo "bytes $(wc -c < "$1")"
        echo "files $(wc -l < "$2")"
      }
      """;

  /**
   * A temporary directory for the lists verify compares, removed however the script ends; the
   * removal first waits for what still runs in the background, so nothing outlives the script.
   */
  String WORK = """
      work=$(mktemp -d "${TMPDIR:-/tmp}/orchestrate-backup.XXXXXX") || exit 3
      trap 'wait; rm -rf "$work"' EXIT
      """;

  /**
   * Whether src is there ({@code missing} if not), and, when this run's archive is, whether it
   * and its manifest verify ({@code present} and the archive's figures, or {@code problem} lines
   * and status 1). Writes nothing but its own temporary directory.
   */
  String PROBE = """
      if [ ! -d "$src" ] && [ ! -e "$src" ]; then echo "missing"; exit 0; fi
      if [ -e "$archive" ]; then
        if [ ! -f "$manifest" ]; then echo "problem $manifest is missing"; exit 1; fi
        sed -n 's/^[0-9a-f]\\{64\\} [ *]/* /p' "$manifest" > "$work/wanted"
        digest "$archive"
        verify "$archive" "$work/wanted" && digested "$archive" || exit 1
        echo "present"; finish "$archive" "$manifest"; exit 0
      fi
      echo "absent"
      """;

  /**
   * Writes the manifest and the archive under {@code .partial} names, verifies the archive, and
   * only then gives both their names; whatever does not verify is removed. It refuses to replace
   * an archive that appeared since the look.
   *
   * <p>The manifest and the list of sizes are made in the background while tar runs (the node is
   * stopped: the tree does not change meanwhile), and each is waited for, its status checked,
   * before the archive is verified against them. The archive is compressed with {@code gzip -1}:
   * it is on the critical path of the downtime, the preflight already requires room for the
   * uncompressed size, and attachments are mostly compressed formats already. On a 2-core machine,
   * tar and gzip took 3.7 s and made 97.8 MB with gzip's default -6, 2.7 s and 100.5 MB with -1, of
   * 148 MB (/usr/share/doc, half of it text, and 31 MB of random data); of 30 MB of random data
   * alone, 0.8 s and the same size either way.
   */
  String CREATE = """
      if [ -d "$src" ]; then base=$src; item=.
      elif [ -e "$src" ]; then base=$(dirname -- "$src"); item="./$(basename -- "$src")"
      else echo "problem $src disappeared meanwhile"; exit 1; fi
      if [ -e "$archive" ]; then echo "problem $archive appeared meanwhile"; exit 1; fi
      mkdir -p -- "$dest" || exit 3
      trap 'wait; rm -rf "$work"; rm -f "$archive.partial" "$manifest.partial"' EXIT
      (cd -- "$base" && find "$item" -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum --) \\
        > "$manifest.partial" &
      summing=$!
      (cd -- "$base" && find "$item" -type f -printf '%s %p\\n') > "$work/wanted" &
      listing=$!
      { { tar -C "$base" -cf - "$item"; echo $? > "$work/tarred"; } | gzip -1 > "$archive.partial"; } 2> "$work/tar"
      compressed=$?
      read tarred < "$work/tarred"
      wait $summing || { echo "problem cannot compute the checksums of $src"; exit 1; }
      wait $listing || { echo "problem cannot list $src"; exit 1; }
      [ "$tarred" = 0 ] && [ $compressed = 0 ] \\
        || { echo "problem tar failed: $(tail -n 3 "$work/tar" | tr '\\n' ' ')"; exit 1; }
      digest "$archive.partial"
      verify "$archive.partial" "$work/wanted" && digested "$archive.partial" || exit 1
      mv -f -- "$manifest.partial" "$manifest" && mv -- "$archive.partial" "$archive" || exit 1
      trap 'wait; rm -rf "$work"' EXIT
      echo "created"; finish "$archive" "$manifest"
      """;

  /**
   * From what the probe printed: a probe that failed or an archive that does not verify fails the
   * task (the archive is kept, for a person to look at); a missing src fails it unless {@code
   * missingOk}; this run's verified archive is left as it is; otherwise the archive is written,
   * or in check mode would be.
   */
  static BackupPlan decide(Backup backup, CommandResult probe, boolean checkMode, boolean missingOk) {
    Map<String, List<String>> facts = RemoteScript.facts(probe.stdout());
    if (!probe.succeeded()) {
      return new Settled(backup.failed(facts, probe));
    }
    if (facts.containsKey("missing")) {
      return new Settled(missingOk ? ModuleResult.ok(backup.src() + " does not exist; nothing to back up")
          : ModuleResult.failed(backup.src() + " does not exist; nothing to back up (missing_ok: true allows that)"));
    }
    if (facts.containsKey("present")) {
      return new Settled(backup.kept(facts, false));
    }
    if (checkMode) {
      return new Settled(ModuleResult.changed("would back up " + backup.src() + " to " + backup.archive()));
    }
    return new Create(backup);
  }

  /** Nothing to send: the look alone decides the result. */
  record Settled(ModuleResult result) implements BackupPlan {}

  /** The archive to write: one script, and its output read into the result. */
  record Create(Backup backup) implements BackupPlan {
    Command command() {
      return Command.of(backup.variables() + VERIFY_FUNCTION + WORK + CREATE).withTimeout(TIMEOUT);
    }

    ModuleResult result(CommandResult ran) {
      Map<String, List<String>> facts = RemoteScript.facts(ran.stdout());
      return ran.succeeded() ? backup.kept(facts, facts.containsKey("created")) : backup.failed(facts, ran);
    }
  }

  /** One backup: what is archived, and the names this run's archive and manifest have. */
  record Backup(RemotePath src, RemotePath dest, RemotePath archive, RemotePath manifest) {
    static Backup of(RemotePath src, RemotePath dest, String name, String runId) {
      return new Backup(src, dest, dest.resolve(name + "-" + runId + ".tar.gz"),
          dest.resolve(name + "-" + runId + ".sha256"));
    }

    /** The archive would hold itself: refused before anything is looked at. */
    boolean insideItself() {
      return dest.isSameOrInside(src);
    }

    Command probe() {
      return Command.of(variables() + VERIFY_FUNCTION + WORK + PROBE).withTimeout(TIMEOUT);
    }

    private String variables() {
      return "src=" + quote(src) + "\ndest=" + quote(dest) + "\narchive=" + quote(archive) + "\nmanifest="
          + quote(manifest) + "\n";
    }

    private ModuleResult failed(Map<String, List<String>> facts, CommandResult result) {
      List<String> problems = facts.getOrDefault("problem", List.of());
      return ModuleResult.failed("backup of " + src + " to " + archive + " failed: "
          + (problems.isEmpty() ? RemoteScript.failure(result) : String.join("\n", problems)));
    }

    /** A verified archive, {@code created} now or found; the record says where it is, for a rollback's checks. */
    private ModuleResult kept(Map<String, List<String>> facts, boolean created) {
      long bytes = Long.parseLong(RemoteScript.fact(facts, "bytes", "0").strip());
      long files = Long.parseLong(RemoteScript.fact(facts, "files", "0").strip());
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("archive", archive.value());
      fields.put("manifest", manifest.value());
      fields.put("bytes", bytes);
      fields.put("files", files);
      fields.put("sha256", RemoteScript.fact(facts, "sha256", ""));
      String message = created ? "backed up " + src + " to " + archive + ": " + files + " files, "
          + RemoteScript.size(bytes) + " compressed" : archive + " is there and verifies already";
      return new ModuleResult(created, false, message, fields,
          List.of(new BackupKept(archive.value(), manifest.value(), src.value())));
    }
  }
}
