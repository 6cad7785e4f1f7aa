package dev.orchestrate.core.module;

import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.CopyListener;
import dev.orchestrate.core.transport.CopyReport;
import dev.orchestrate.core.undo.UndoRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The same call with other arguments: how one module hands part of its work to another. */
public final class WithArguments implements ModuleCall {
  private final ModuleCall call;
  private final Map<String, Object> arguments;

  public WithArguments(ModuleCall call, Map<String, Object> arguments) {
    this.call = call;
    this.arguments = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(arguments));
  }

  @Override
  public String node() {
    return call.node();
  }

  @Override
  public Map<String, Object> arguments() {
    return arguments;
  }

  @Override
  public String runId() {
    return call.runId();
  }

  @Override
  public String revealSecrets(String text) {
    return call.revealSecrets(text);
  }

  @Override
  public boolean checkMode() {
    return call.checkMode();
  }

  @Override
  public Path playbookDirectory() {
    return call.playbookDirectory();
  }

  @Override
  public CommandResult run(Command command) {
    return call.run(command);
  }

  @Override
  public CommandResult runOn(String node, Command command) {
    return call.runOn(node, command);
  }

  @Override
  public void upload(RemotePath target, byte[] content, int mode) {
    call.upload(target, content, mode);
  }

  @Override
  public Optional<byte[]> download(RemotePath source, int maxBytes) {
    return call.download(source, maxBytes);
  }

  @Override
  public CopyReport copyTreeFrom(String sourceNode, RemotePath from, RemotePath to, CopyListener listener) {
    return call.copyTreeFrom(sourceNode, from, to, listener);
  }

  @Override
  public String renderTemplate(String text) {
    return call.renderTemplate(text);
  }

  @Override
  public List<String> nodeNames() {
    return call.nodeNames();
  }

  @Override
  public void progress(String message) {
    call.progress(message);
  }

  @Override
  public void intend(UndoRecord record) {
    call.intend(record);
  }
}
