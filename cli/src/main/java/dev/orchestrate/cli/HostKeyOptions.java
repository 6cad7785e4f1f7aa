package dev.orchestrate.cli;

import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.ssh.SshTransport;
import picocli.CommandLine.Option;

/** How a command that connects to hosts treats a host key that known_hosts does not list yet. */
final class HostKeyOptions {
  @Option(names = "--accept-new-host-keys",
      description = "Add the keys of hosts that known_hosts does not list yet (like OpenSSH's accept-new)."
          + " A key that differs from a listed one always stops the run.")
  private boolean acceptNew;

  SshTransport.HostKeyPolicy policy() {
    return acceptNew ? SshTransport.HostKeyPolicy.ACCEPT_NEW : SshTransport.HostKeyPolicy.STRICT;
  }

  /** The SSH transport every command that reaches hosts uses, with this host key policy. */
  SshTransport transport() {
    return SshTransport.create(Environment.system(), SshTransport.Options.defaults().withHostKeys(policy()));
  }
}
