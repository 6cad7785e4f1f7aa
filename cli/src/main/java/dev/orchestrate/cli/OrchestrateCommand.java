package dev.orchestrate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code orchestrate} itself: with no command, shows the usage. Its commands are added by {@link
 * Cli}, which builds only the one a process runs.
 */
@Command(
    name = "orchestrate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    scope = ScopeType.INHERIT,
    usageHelpAutoWidth = true,
    description = {
        "Declarative orchestration of Atlassian Confluence clusters.",
        "Reads the desired state from cluster.yaml, reads what each host is now over SSH, and converges"
            + " the hosts to it: Server to Data Center, adding nodes, back to Server, rolling restarts."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  orchestrate validate cluster.yaml",
        "  orchestrate plan cluster.yaml",
        "  orchestrate apply cluster.yaml --yes --output json",
        "  orchestrate help apply"})
final class OrchestrateCommand implements Runnable {
  @Spec
  private CommandSpec spec;

  @Option(names = {"-v", "--verbose"}, description = "Log what happens in detail, and show stack traces of failures.")
  private boolean verbose;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
