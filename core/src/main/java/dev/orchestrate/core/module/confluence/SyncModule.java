package dev.orchestrate.core.module.confluence;

import static dev.orchestrate.core.module.confluence.RemoteScript.quote;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.confluence.RemoteScript.BadArgument;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.CopyException;
import dev.orchestrate.core.transport.CopyListener;
import dev.orchestrate.core.transport.CopyReport;
import dev.orchestrate.core.transport.Shell;
import dev.orchestrate.core.undo.SetAside;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code sync}: copies a directory tree from another node ({@code from}, {@code src}) to this
 * one ({@code dest}, by default the same path), as a node's installation and home are copied to a
 * new cluster node.
 *
 * <p>Check: whether {@code dest} exists; if it does, it is never overwritten or merged into: it is
 * compared with the source file by file and kept when it is the same (a copy finished by a run
 * cut off before it could record so), and the task fails when it is not. Apply: the transport's verified tree copy, which lands beside {@code dest} and
 * takes its name only once every file's checksum matches the source; its progress is shown as
 * it streams. Undo: {@link SetAside} of {@code dest}, intended once {@code dest} is known absent and
 * before the copy starts (a copy cut off leaves only a staging directory, and nothing at {@code
 * dest} to set aside), and recorded again when this call made the copy.
 */
public final class SyncModule implements Module {
  /** Reading every file of a large installation twice takes a while. */
  private static final java.time.Duration FINGERPRINT_TIMEOUT = java.time.Duration.ofHours(1);

  @Override
  public String name() {
    return "sync";
  }

  /** It checks before it changes, so running it again after a dropped connection is safe. */
  @Override
  public boolean safeToRerun() {
    return true;
  }

  @Override
  public Set<String> arguments() {
    return Set.of("from", "src", "dest");
  }

  @Override
  public Set<String> requiredArguments() {
    return Set.of("from", "src");
  }

  @Override
  public ModuleResult execute(ModuleCall call) {
    String from;
    RemotePath src;
    RemotePath dest;
    try {
      from = RemoteScript.required(call, "from");
      src = RemoteScript.path(call, "src");
      dest = RemoteScript.optionalPath(call, "dest").orElse(src);
    } catch (BadArgument e) {
      return ModuleResult.failed(e.getMessage());
    }
    if (!call.nodeNames().contains(from)) {
      return ModuleResult.failed("from: there is no node named '" + from + "'; nodes: " + call.nodeNames());
    }
    // Transports differ in whether they create a missing parent, so it is made here, once dest is known absent.
    String parent = dest.isRoot() ? "/" : dest.value().substring(0, Math.max(1, dest.value().lastIndexOf('/')));
    CommandResult probe = call.run(Command.of("if [ -e " + quote(dest) + " ] || [ -L " + quote(dest) + " ]; then"
        + " echo present" + (call.checkMode() ? "" : "; else mkdir -p -- " + Shell.quote(parent)) + "; fi"));
    if (!probe.succeeded()) {
      return ModuleResult.failed("cannot create " + parent + " on " + call.node() + ", " + RemoteScript.failure(probe));
    }
    if (probe.stdout().contains("present")) {
      return alreadyThere(call, from, src, dest);
    }
    if (call.checkMode()) {
      return ModuleResult.changed("would copy " + from + ":" + src + " to " + dest);
    }
    CopyListener listener = (bytes, elapsed) -> call.progress("copying " + from + ":" + src + ": "
        + RemoteScript.size(bytes) + " at " + RemoteScript.size((long) CopyListener.rate(bytes, elapsed)) + "/s");
    CopyReport report;
    call.intend(SetAside.copy(dest.value()));
    try {
      report = call.copyTreeFrom(from, src, dest, listener);
    } catch (CopyException e) {
      return ModuleResult.failed("cannot copy " + from + ":" + src + " to " + dest + ": " + e.getMessage());
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("files", report.files());
    fields.put("bytes", report.fileBytes());
    fields.put("seconds", report.elapsed().toMillis() / 1000.0);
    fields.put("rate", Math.round(report.rate()));
    return ModuleResult.changed("copied " + from + ":" + src + " to " + dest + ": " + report.files() + " files, "
        + RemoteScript.size(report.fileBytes()))
        .withFields(fields)
        .withUndo(SetAside.copy(dest.value()));
  }

  /**
   * {@code dest} is there: kept when it is the same tree as the source, file by file, and the
   * task fails otherwise, having changed nothing. A copy lands whole (staged, then renamed), so a
   * tree there is either a copy this tool finished, whose record a cut-off run did not keep, or
   * something else, which must never be taken for one. What Confluence and the next tasks change
   * in a copy is left out of the comparison: {@code logs/}, {@code temp/} and {@code work/} at
   * its top, and {@code confluence-init.properties}, which points a copy at its own home, with the
   * copy kept of it before that edit ({@code confluence-init.properties.orchestrate-RUN}).
   */
  private static ModuleResult alreadyThere(ModuleCall call, String from, RemotePath src, RemotePath dest) {
    CommandResult source = call.runOn(from, Command.of(fingerprint(src)).withTimeout(FINGERPRINT_TIMEOUT));
    CommandResult here = call.run(Command.of(fingerprint(dest)).withTimeout(FINGERPRINT_TIMEOUT));
    for (CommandResult result : java.util.List.of(source, here)) {
      if (!result.succeeded() || !result.stdout().strip().matches("[0-9a-f]{64} [0-9]+")) {
        return ModuleResult.failed(dest + " is there already on " + call.node() + " and cannot be compared with "
            + from + ":" + src + ", " + RemoteScript.failure(result) + "; nothing was changed");
      }
    }
    String[] expected = source.stdout().strip().split(" ");
    String[] found = here.stdout().strip().split(" ");
    if (!expected[0].equals(found[0])) {
      return ModuleResult.failed(dest + " is there already on " + call.node() + " and is not a copy of " + from + ":"
          + src + " (" + found[1] + " files there, " + expected[1] + " in the source, contents differ); a copy never "
          + "overwrites: move " + dest + " aside and apply again to copy it afresh");
    }
    return ModuleResult.ok(dest + " is there already on " + call.node() + " and is the same as " + from + ":" + src
        + ", file by file (" + found[1] + " files); kept");
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
