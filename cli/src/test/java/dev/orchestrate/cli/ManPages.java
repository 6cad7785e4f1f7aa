package dev.orchestrate.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Run by cli's build (exec-maven-plugin, prepare-package) with the build directory as its
 * argument: writes {@code man/orchestrate.adoc} and one {@code man/orchestrate-COMMAND.adoc} per
 * command (AsciiDoc man pages, by picocli-codegen), and {@code completion/orchestrate.bash}. It
 * sits in test scope so that picocli-codegen never reaches the shipped jar's classpath.
 */
public final class ManPages {
  private ManPages() {}

  public static void main(String[] args) throws IOException {
    Path build = Path.of(args[0]);
    write(build.resolve("man"), build.resolve("completion/orchestrate.bash"));
  }

  static void write(Path manDirectory, Path completionScript) throws IOException {
    // The root as Main builds it holds the exit codes; every command exits with them, so every page lists them.
    CommandLine root = Cli.commandLine();
    Map<String, String> exitCodes = root.getCommandSpec().usageMessage().exitCodeList();
    List<CommandLine> commands = new ArrayList<>(root.getSubcommands().values());
    commands.add(root);
    for (CommandLine command : commands) {
      command.getCommandSpec().usageMessage().exitCodeListHeading("Exit status").exitCodeList(exitCodes);
    }
    Files.createDirectories(manDirectory);
    int failed = ManPageGenerator.generateManPage(manDirectory.toFile(), (File) null, new boolean[0], true,
        root.getCommandSpec());
    if (failed != 0) {
      throw new IOException("picocli's ManPageGenerator exited " + failed + " writing " + manDirectory);
    }
    Files.createDirectories(completionScript.getParent());
    Files.writeString(completionScript, CompletionCommand.script(Cli.commandLine()));
  }
}
