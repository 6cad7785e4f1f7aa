package dev.orchestrate.core.module.builtin;

import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.TransportModuleCall;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.ForwardingTransport;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.LocalTransport;
import dev.orchestrate.core.transport.Transport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/** Module calls for tests: against this machine (real sh, real files), or any transport. */
final class Hosts {
  static final String SECRET = "pa$$ 'w\"rd";

  private static final Host HOST = new Host("n1", "127.0.0.1", new SshSettings("tester", 22, Optional.empty(),
      Optional.empty(), Optional.empty(), Path.of("/dev/null"), SshSettings.Become.NONE, Duration.ofSeconds(5)));

  /** Every script run and every stdin sent, to prove what reached a command line. */
  final List<Command> commands = new CopyOnWriteArrayList<>();
  final List<String> progress = new CopyOnWriteArrayList<>();
  private final Transport transport;
  private final Path playbookDirectory;
  private boolean checkMode;
  private UnaryOperator<String> templates = text -> text;

  private Hosts(Transport transport, Path playbookDirectory) {
    this.transport = transport;
    this.playbookDirectory = playbookDirectory;
  }

  static Hosts local(Path playbookDirectory) {
    return new Hosts(new LocalTransport(), playbookDirectory);
  }

  static Hosts over(Transport transport) {
    return new Hosts(transport, Path.of("/nonexistent-playbook"));
  }

  Hosts checkMode(boolean on) {
    this.checkMode = on;
    return this;
  }

  Hosts templates(UnaryOperator<String> renderer) {
    this.templates = renderer;
    return this;
  }

  ModuleCall call(Map<String, Object> arguments) {
    TransportModuleCall.Context context = new TransportModuleCall.Context(new Recorded(), Map.of("n1", HOST), "run1",
        checkMode, playbookDirectory, name -> name.equals("db_password") ? Optional.of(SECRET) : Optional.empty());
    return new TransportModuleCall(context, "n1", "n1", arguments, templates, progress::add);
  }

  /** The scripts and stdin texts sent so far, joined: everything that left the controller but uploads. */
  String everythingSent() {
    StringBuilder all = new StringBuilder();
    for (Command command : commands) {
      all.append(command.script()).append('\n');
      command.stdin().ifPresent(bytes -> all.append(new String(bytes, StandardCharsets.UTF_8)).append('\n'));
    }
    return all.toString();
  }

  String scripts() {
    StringBuilder all = new StringBuilder();
    commands.forEach(command -> all.append(command.script()).append('\n'));
    return all.toString();
  }

  /** Passes everything to the transport, noting each command. */
  private final class Recorded extends ForwardingTransport {
    Recorded() {
      super(transport);
    }

    @Override
    public CommandResult run(Host host, Command command) {
      commands.add(command);
      return super.run(host, command);
    }
  }
}
