package dev.orchestrate.cli;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.diagnostic.Diagnostics;
import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.TopologyLoader;
import dev.orchestrate.core.yaml.YamlList;
import dev.orchestrate.core.yaml.YamlReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import dev.orchestrate.core.diagnostic.Diagnostic;
import dev.orchestrate.core.module.StandardModules;
import dev.orchestrate.core.playbook.PlaybookParser;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orchestrate validate}: every problem of each file, with its line and column; no host is touched. */
@Command(
    name = "validate",
    description = {
        "Checks cluster.yaml files and playbooks, and prints every problem as FILE:LINE:COLUMN: message.",
        "Reads only the files (and the license and password files they name); never contacts a host.",
        "Exits 0 when every file is valid (warnings allowed), 4 when any has an error."},
    footerHeading = "%nExample:%n",
    footer = "  orchestrate validate cluster.yaml")
final class ValidateCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "The cluster.yaml file(s) or playbook(s) to check.")
  private List<Path> files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    TopologyLoader loader = TopologyLoader.create(Environment.system());
    boolean valid = true;
    for (Path file : files) {
      TopologyLoader.Result result = loader.load(file);
      // Only a file that is not a valid cluster.yaml is read again, to tell whether it is a playbook.
      if (!result.isValid() && isPlaybook(file)) {
        valid &= validatePlaybook(file, out);
        continue;
      }
      result.diagnostics().forEach(out::println);
      out.println(TopologyFiles.summary(file, result));
      valid &= result.isValid();
    }
    return valid ? ExitCode.OK.code() : ExitCode.INVALID_INPUT.code();
  }

  private static boolean validatePlaybook(Path file, PrintWriter out) {
    PlaybookParser.Result result = PlaybookParser.create(StandardModules.registry()).parse(file);
    result.diagnostics().forEach(out::println);
    out.println(result.playbook()
        .map(p -> file + ": valid playbook: " + p.plays().size() + " play(s), "
            + p.plays().stream().mapToInt(play -> play.tasks().size()).sum() + " task(s)")
        .orElse(file + ": invalid playbook: " + result.diagnostics().stream().filter(Diagnostic::isError).count()
            + " error(s)"));
    return result.playbook().isPresent();
  }

  /** A playbook is a list of plays; a cluster.yaml is a mapping. */
  private static boolean isPlaybook(Path file) {
    try {
      String text = Files.readString(file);
      return YamlReader.read(text, new Diagnostics(file.toString())).orElse(null) instanceof YamlList;
    } catch (IOException e) {
      return false;
    }
  }
}
