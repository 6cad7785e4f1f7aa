package dev.orchestrate.cli;

import dev.orchestrate.sandbox.Sandbox;
import java.io.PrintWriter;

/** Prints a sandbox for a person: each host, how to log in to it, and its Confluence. */
final class SandboxReport {
  private SandboxReport() {}

  static void print(PrintWriter out, Sandbox.Status status) {
    out.println("Sandbox in " + status.layout().dir() + " (" + (status.running() ? "running" : "stopped") + ", "
        + status.hosts().size() + " hosts):");
    for (Sandbox.Host host : status.hosts()) {
      out.printf("  %-6s %s%n", host.name(), status.sshCommand(host));
      out.printf("         ssh %s; Confluence http://%s:8090/status: %s; disk %s%n", host.sshUp() ? "up" : "down",
          host.address(), host.confluence(), host.root());
    }
    out.println("cluster.yaml: " + status.layout().clusterYaml());
    out.println("  orchestrate validate " + status.layout().clusterYaml());
  }
}
