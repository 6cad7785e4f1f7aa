package dev.orchestrate.core.module.confluence;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.confluence.RemoteScript.BadArgument;
import dev.orchestrate.core.module.confluence.SyncPlan.Compare;
import dev.orchestrate.core.module.confluence.SyncPlan.Copy;
import dev.orchestrate.core.module.confluence.SyncPlan.Settled;
import dev.orchestrate.core.module.confluence.SyncPlan.Sync;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.CopyException;
import dev.orchestrate.core.undo.SetAside;
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
 * dest} to set aside), and recorded again when this call made the copy. {@link SyncPlan} decides,
 * with no host.
 */
public final class SyncModule implements Module {
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
    Sync sync = new Sync(from, src, dest);
    SyncPlan plan = SyncPlan.decide(sync, call.node(), call.run(sync.probe(call.checkMode())), call.checkMode());
    if (plan instanceof Compare compare) {
      return compare.result(call.node(), call.runOn(from, compare.sourceFingerprint()),
          call.run(compare.destFingerprint()));
    }
    if (plan instanceof Settled settled) {
      return settled.result();
    }
    Copy copy = (Copy) plan;
    call.intend(copy.intent());
    try {
      return copy.copied(call.copyTreeFrom(from, src, dest, (bytes, elapsed) -> call.progress(copy.progress(bytes,
          elapsed))));
    } catch (CopyException e) {
      return copy.failed(e.getMessage());
    }
  }
}
