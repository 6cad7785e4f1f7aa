package dev.orchestrate.core.transport;

import dev.orchestrate.core.topology.RemotePath;
import java.util.Collection;
import java.util.Optional;

/**
 * Runs commands on hosts and moves files between them. The only way core reaches a host: modules
 * decide, a transport executes. One transport serves one run; it keeps a connection per host and
 * is closed at the end.
 *
 * <p>Failures to reach a host, to trust its key or to log in are {@link TransportException}s,
 * thrown before any command runs on it. A command that fails is a {@link CommandResult} with a
 * non-zero status. A command that may have started when its connection dropped is never run
 * again by the transport: it throws {@link ConnectionLostException} and leaves the decision to
 * the caller.
 */
public interface Transport extends AutoCloseable {

  /**
   * Connects to every host at once and checks each host key, so that a run stops before its
   * first command when any host cannot be reached or trusted. Other methods connect on demand.
   */
  void connect(Collection<Host> hosts);

  /** Runs {@code command} on {@code host} and waits for it to end or time out. */
  CommandResult run(Host host, Command command);

  /**
   * Writes {@code content} to {@code target} with permission bits {@code mode} (such as 0640).
   * The file is written beside the target, checked, then renamed over it, so the target is never
   * seen half written.
   */
  void upload(Host host, RemotePath target, byte[] content, int mode);

  /** The content of {@code source}, or empty when there is no such file; fails if it is longer than {@code maxBytes}. */
  Optional<byte[]> download(Host host, RemotePath source, int maxBytes);

  /**
   * Copies the directory tree {@code from} on {@code source} to {@code to} on {@code target},
   * streamed through this machine without holding files in memory, keeping modes, times,
   * symbolic links and, when the target runs as root, ownership. {@code to} must not exist: the
   * tree lands in a staging directory beside it, is checked file by file against a checksum
   * manifest computed on both hosts, and only then takes its name.
   *
   * @throws CopyException when the copy cannot be made or does not match its source
   * @throws ConnectionLostException when a connection to either host dropped during the copy,
   *     which may then be made again (only the staging directory can be left behind)
   */
  CopyReport copyTree(Host source, RemotePath from, Host target, RemotePath to, CopyListener listener);

  /** Closes every connection; commands still running are abandoned. */
  @Override
  void close();
}
