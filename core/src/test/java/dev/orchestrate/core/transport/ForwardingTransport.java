package dev.orchestrate.core.transport;

import dev.orchestrate.core.topology.RemotePath;
import java.util.Collection;
import java.util.Optional;

/** A transport that hands every call to another: tests override the one call they want to go wrong. */
public class ForwardingTransport implements Transport {
  private final Transport delegate;

  public ForwardingTransport(Transport delegate) {
    this.delegate = delegate;
  }

  @Override
  public void connect(Collection<Host> hosts) {
    delegate.connect(hosts);
  }

  @Override
  public CommandResult run(Host host, Command command) {
    return delegate.run(host, command);
  }

  @Override
  public void upload(Host host, RemotePath target, byte[] content, int mode) {
    delegate.upload(host, target, content, mode);
  }

  @Override
  public Optional<byte[]> download(Host host, RemotePath source, int maxBytes) {
    return delegate.download(host, source, maxBytes);
  }

  @Override
  public CopyReport copyTree(Host source, RemotePath from, Host target, RemotePath to, CopyListener listener) {
    return delegate.copyTree(source, from, target, to, listener);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
