package dev.orchestrate.core.module;

import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.CopyListener;
import dev.orchestrate.core.transport.CopyReport;
import dev.orchestrate.core.undo.UndoRecord;
import dev.orchestrate.core.value.Values;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One invocation of a module on one host: its rendered arguments, and the only ways it may touch
 * hosts. Implemented by the executor over a {@code Transport}, and by tests over a recording one.
 */
public interface ModuleCall {
  /** The argument key under which a free-form value ({@code command: ls -l}) arrives. */
  String FREE_FORM = "_raw_params";

  /** The node this task runs for ({@code inventory_hostname}). */
  String node();

  /** The rendered arguments: strings, numbers, booleans, lists and maps. */
  Map<String, Object> arguments();

  /** The run this call belongs to; names backups so two runs never share one. */
  String runId();

  /**
   * {@code text} with every secret reference ({@code secret('license')} in a template renders
   * to one) replaced by the secret itself. Only for content written to a file through {@link
   * #upload} or passed in a command's secrets: never put the result in a message, a result field
   * or a command line.
   */
  String revealSecrets(String text);

  /** True for {@code --dry-run}: read, never write, report what would change. */
  boolean checkMode();

  /** Where the playbook lives, for {@code src:} of copy and template. */
  Path playbookDirectory();

  /** Runs a command on this task's host (the delegate's, under {@code delegate_to}). */
  CommandResult run(Command command);

  /** Runs a command on another node of the topology. */
  CommandResult runOn(String node, Command command);

  /** Writes a file on this task's host, atomically; see {@code Transport.upload}. */
  void upload(RemotePath target, byte[] content, int mode);

  Optional<byte[]> download(RemotePath source, int maxBytes);

  /** Copies a tree from another node to this task's host; see {@code Transport.copyTree}. */
  CopyReport copyTreeFrom(String sourceNode, RemotePath from, RemotePath to, CopyListener listener);

  /** Renders a Jinja2 template text with this task's variables (for {@code template}). */
  String renderTemplate(String text);

  /** The nodes of the topology, by name, as templates see them ({@code nodes}). */
  List<String> nodeNames();

  /** Tells the person watching what is happening now (copy progress, a wait's last state). */
  void progress(String message);

  /**
   * Records what the module is about to change, before it changes it: the journal has it on disk
   * when this returns, so a run killed in the middle of the change still leaves what undoes it.
   * Call it once the module has checked that the change is needed and just before making it;
   * the module's result then carries the completed record. Never in check mode.
   */
  void intend(UndoRecord record);

  // Convenience for modules.

  default String string(String key) {
    Object value = arguments().get(key);
    return value == null ? null : String.valueOf(value);
  }

  default String string(String key, String fallback) {
    String value = string(key);
    return value == null ? fallback : value;
  }

  default boolean flag(String key, boolean fallback) {
    Object value = arguments().get(key);
    return value == null ? fallback : Values.truthy(value);
  }

  default int integer(String key, int fallback) {
    Object value = arguments().get(key);
    return value == null ? fallback : Values.integer(value, key);
  }
}
