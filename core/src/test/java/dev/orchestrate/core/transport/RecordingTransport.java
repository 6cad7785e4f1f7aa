package dev.orchestrate.core.transport;

import dev.orchestrate.core.topology.RemotePath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A {@link Transport} for tests of everything above the transport: it reaches no host, records
 * every call in order, answers commands from rules the test sets ({@link #respond}), and keeps
 * uploaded files in memory so a later download or copy sees them. Unmatched commands succeed
 * with no output.
 */
public final class RecordingTransport implements Transport {
  /** One call the code under test made. {@code detail} is the script, path, or "from -> to". */
  public record Call(String kind, String host, String detail) {}

  private record Rule(String host, Pattern script, CommandResult result) {}

  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  private final List<Rule> rules = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * From now on, a command on {@code host} (a name, or "*" for any) whose script contains a match
   * of {@code scriptRegex} ends with {@code exitStatus} and prints {@code stdout}. Later rules win.
   */
  public RecordingTransport respond(String host, String scriptRegex, int exitStatus, String stdout) {
    rules.add(0, new Rule(host, Pattern.compile(scriptRegex),
        new CommandResult(exitStatus, stdout, "", false, Duration.ZERO)));
    return this;
  }

  /** Puts a file on a host, as if it had been there before the run. */
  public RecordingTransport withFile(String host, RemotePath path, byte[] content) {
    files.put(key(host, path), content.clone());
    return this;
  }

  public List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  /** The scripts run on {@code host}, in order. */
  public List<String> scripts(String host) {
    return calls().stream().filter(c -> c.kind().equals("run") && c.host().equals(host)).map(Call::detail).toList();
  }

  public Optional<byte[]> file(String host, RemotePath path) {
    return Optional.ofNullable(files.get(key(host, path))).map(byte[]::clone);
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public void connect(Collection<Host> hosts) {
    hosts.forEach(h -> calls.add(new Call("connect", h.name(), h.address())));
  }

  @Override
  public CommandResult run(Host host, Command command) {
    calls.add(new Call("run", host.name(), command.script()));
    CommandResult result;
    synchronized (rules) {
      result = rules.stream()
          .filter(r -> r.host().equals("*") || r.host().equals(host.name()))
          .filter(r -> r.script().matcher(command.script()).find())
          .map(Rule::result)
          .findFirst()
          .orElse(new CommandResult(0, "", "", false, Duration.ZERO));
    }
    result.stdout().lines().forEach(line -> command.listener().line(OutputListener.Stream.STDOUT, line));
    return result;
  }

  @Override
  public void upload(Host host, RemotePath target, byte[] content, int mode) {
    calls.add(new Call("upload", host.name(), target.value()));
    files.put(key(host.name(), target), content.clone());
  }

  @Override
  public Optional<byte[]> download(Host host, RemotePath source, int maxBytes) {
    calls.add(new Call("download", host.name(), source.value()));
    return file(host.name(), source);
  }

  @Override
  public CopyReport copyTree(Host source, RemotePath from, Host target, RemotePath to, CopyListener listener) {
    calls.add(new Call("copyTree", source.name() + " -> " + target.name(), from + " -> " + to));
    String prefix = key(source.name(), from) + "/";
    long files = 0;
    long bytes = 0;
    for (Map.Entry<String, byte[]> file : Map.copyOf(this.files).entrySet()) {
      if (file.getKey().startsWith(prefix)) {
        this.files.put(key(target.name(), to) + "/" + file.getKey().substring(prefix.length()), file.getValue());
        files++;
        bytes += file.getValue().length;
      }
    }
    listener.progress(bytes, Duration.ZERO);
    return new CopyReport(files, 0, 0, bytes, bytes, "recorded", Duration.ZERO);
  }

  @Override
  public void close() {
    closed = true;
  }

  private static String key(String host, RemotePath path) {
    return host + ":" + path.value();
  }
}
