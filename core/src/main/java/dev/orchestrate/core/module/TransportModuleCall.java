package dev.orchestrate.core.module;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.CopyListener;
import dev.orchestrate.core.transport.CopyReport;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.Transport;
import dev.orchestrate.core.undo.UndoRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The {@link ModuleCall} the executor hands a module: every host operation goes through one
 * {@link Transport} to the host this task runs on ({@code executeOn}: the node itself, or its
 * {@code delegate_to}).
 */
public final class TransportModuleCall implements ModuleCall {
  /** What every call of one run shares. */
  public record Context(Transport transport, Map<String, Host> hosts, String runId, boolean checkMode,
      Path playbookDirectory, Function<String, Optional<String>> secrets) {
    public Context {
      requireNonNull(transport, "transport");
      hosts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(hosts));
      requireNonNull(runId, "runId");
      requireNonNull(playbookDirectory, "playbookDirectory");
      requireNonNull(secrets, "secrets");
    }
  }

  private final Context context;
  private final String node;
  private final Host executeOn;
  private final Map<String, Object> arguments;
  private final UnaryOperator<String> templates;
  private final Consumer<String> progress;
  private final Consumer<UndoRecord> recorder;
  private final List<UndoRecord> intents = Collections.synchronizedList(new ArrayList<>());

  /** A call whose intents are only kept in {@link #intents()}: for a module called outside a journaled run. */
  public TransportModuleCall(Context context, String node, String executeOn, Map<String, Object> arguments,
      UnaryOperator<String> templates, Consumer<String> progress) {
    this(context, node, executeOn, arguments, templates, progress, record -> { });
  }

  /** @param recorder journals each intent before {@link #intend} returns */
  public TransportModuleCall(Context context, String node, String executeOn, Map<String, Object> arguments,
      UnaryOperator<String> templates, Consumer<String> progress, Consumer<UndoRecord> recorder) {
    this.context = requireNonNull(context, "context");
    this.node = requireNonNull(node, "node");
    this.executeOn = host(context, executeOn);
    this.arguments = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(arguments));
    this.templates = requireNonNull(templates, "templates");
    this.progress = requireNonNull(progress, "progress");
    this.recorder = requireNonNull(recorder, "recorder");
  }

  @Override
  public String node() {
    return node;
  }

  @Override
  public Map<String, Object> arguments() {
    return arguments;
  }

  @Override
  public String runId() {
    return context.runId();
  }

  @Override
  public String revealSecrets(String text) {
    return dev.orchestrate.core.template.SecretReferences.reveal(text, context.secrets());
  }

  @Override
  public boolean checkMode() {
    return context.checkMode();
  }

  @Override
  public Path playbookDirectory() {
    return context.playbookDirectory();
  }

  @Override
  public CommandResult run(Command command) {
    return context.transport().run(executeOn, command);
  }

  @Override
  public CommandResult runOn(String other, Command command) {
    return context.transport().run(host(context, other), command);
  }

  @Override
  public void upload(RemotePath target, byte[] content, int mode) {
    context.transport().upload(executeOn, target, content, mode);
  }

  @Override
  public Optional<byte[]> download(RemotePath source, int maxBytes) {
    return context.transport().download(executeOn, source, maxBytes);
  }

  @Override
  public CopyReport copyTreeFrom(String sourceNode, RemotePath from, RemotePath to, CopyListener listener) {
    return context.transport().copyTree(host(context, sourceNode), from, executeOn, to, listener);
  }

  @Override
  public String renderTemplate(String text) {
    return templates.apply(text);
  }

  @Override
  public List<String> nodeNames() {
    return List.copyOf(context.hosts().keySet());
  }

  @Override
  public void progress(String message) {
    progress.accept(message);
  }

  @Override
  public void intend(UndoRecord record) {
    requireNonNull(record, "record");
    if (context.checkMode()) {
      throw new IllegalStateException("a module intends a change in check mode: " + record.describe());
    }
    recorder.accept(record);
    intents.add(record);
  }

  /** What the module said it was about to change, in order. */
  public List<UndoRecord> intents() {
    synchronized (intents) {
      return List.copyOf(intents);
    }
  }

  private static Host host(Context context, String name) {
    Host host = context.hosts().get(name);
    if (host == null) {
      throw new IllegalArgumentException("no node named '" + name + "' in the topology; nodes: " + context.hosts().keySet());
    }
    return host;
  }
}
