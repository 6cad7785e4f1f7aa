package dev.orchestrate.cli;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.run.Apply;
import dev.orchestrate.core.run.Output;
import dev.orchestrate.core.topology.Node;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.Shell;
import dev.orchestrate.sandbox.Sandbox;
import dev.orchestrate.ssh.SshTransport;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The whole job on this machine, with nothing to install and no root: a sandbox of three
 * simulated hosts (Confluence Server on the first), the plan, the apply, each node's state, a
 * page written through node 1 and read through node 3, every attachment checked against its
 * checksum from before, and the sandbox stopped again.
 */
final class Demo {
  /** The demo's own addresses and folder, so it never meets a sandbox started by hand. */
  static final String FIRST_ADDRESS = "127.0.1.201";

  private final PrintWriter out;

  Demo(PrintWriter out) {
    this.out = out;
  }

  int run(Path dir, int attachmentsMb) throws IOException, InterruptedException {
    Instant start = Instant.now();
    step("Starting a sandbox: 3 hosts behind SSH on " + FIRST_ADDRESS + "-203, Confluence Server on node1, "
        + attachmentsMb + " MB of attachments");
    Sandbox.Options options = Sandbox.Options.defaults().withDir(dir).withNodes(3).withAttachmentsMb(attachmentsMb)
        .withFirstAddress(FIRST_ADDRESS);
    Sandbox.Status sandbox = Sandbox.up(options);
    try {
      Path yaml = sandbox.layout().clusterYaml();
      Topology topology = TopologyFiles.load(yaml, out);
      Node first = topology.first();
      RemotePath shared = topology.confluence().sharedHome().orElseThrow();
      String before;
      try (SshTransport transport = SshTransport.create(dev.orchestrate.core.topology.Environment.system(),
          SshTransport.Options.defaults())) {
        before = checksums(transport, Host.of(first), first.localHome());
        out.println("  " + before.lines().count() + " attachment files checksummed on node1");

        step("orchestrate apply " + yaml + " --yes");
        Apply.Request request = new Apply.Request(yaml, Optional.empty(), false, false, 10, Optional.empty(), false);
        Output output = new Output(out, out, false, TextDisplay.terminalOrLog());
        ExitCode applied = Apply.create(output, Playbooks.procedures()).apply(request, topology, transport, () -> true);
        if (applied != ExitCode.OK) {
          return applied.code();
        }

        step("Each node now");
        for (Sandbox.Host host : Sandbox.status(dir).hosts()) {
          out.println("  " + host.name() + "  " + host.address() + "  Confluence " + host.confluence());
        }

        step("The cluster serves one wiki: a page written through node1, read through node3");
        String title = "Written through node1 at " + Instant.now();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String node1 = "http://" + topology.nodes().get(0).host() + ":" + topology.confluence().httpPort();
        String node3 = "http://" + topology.nodes().get(2).host() + ":" + topology.confluence().httpPort();
        http.send(HttpRequest.newBuilder(URI.create(node1 + "/rest/api/content"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"" + title + "\",\"body\":\"hello from the demo\"}"))
            .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(node3 + "/rest/api/content?title="
            + java.net.URLEncoder.encode(title, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"))).build(),
            HttpResponse.BodyHandlers.ofString());
        out.println("  node3 answered " + read.statusCode() + ": " + read.body().strip());
        if (read.statusCode() != 200 || !read.body().contains("hello from the demo")) {
          throw new OrchestrateException(ExitCode.TASK_FAILED, "node3 does not serve the page written through node1");
        }

        step("Every attachment against its checksum from before");
        String after = checksums(transport, Host.of(first), shared);
        if (!after.equals(before)) {
          throw new OrchestrateException(ExitCode.TASK_FAILED, "attachments differ from before the migration");
        }
        out.println("  all " + after.lines().count() + " attachment files identical, now in the shared home " + shared);
      }
      step(String.format("Done in %.1f s: Server became a 3-node Data Center cluster, no file lost.",
          Duration.between(start, Instant.now()).toMillis() / 1000.0));
      return ExitCode.OK.code();
    } finally {
      out.println("Stopping the sandbox (" + Sandbox.down(dir) + " processes).");
      out.flush();
    }
  }

  /** SHA-256 of every file under {@code home}/attachments, by path relative to it, sorted. */
  private static String checksums(SshTransport transport, Host host, RemotePath home) {
    CommandResult result = transport.run(host, Command.of("cd " + Shell.quote(home.resolve("attachments").value())
        + " && find . -type f -exec sha256sum {} + | LC_ALL=C sort -k 2"));
    if (!result.succeeded() || result.stdout().isBlank()) {
      throw new OrchestrateException(ExitCode.TASK_FAILED, "cannot checksum the attachments under " + home + ": "
          + result.stderr().strip());
    }
    return result.stdout();
  }

  private void step(String text) {
    out.println();
    out.println("== " + text);
    out.flush();
  }
}
