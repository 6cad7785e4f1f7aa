package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The docs stand on their own in a clone: the cluster.yaml reference is what the schema prints
 * now, the command reference what the commands say, every relative link of the README and docs/ reaches a file of the repository (and, into a
 * Markdown page, one of its headings), and nothing sends a reader to the contracts outside it.
 */
class DocsTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$", Pattern.MULTILINE);

  @Test
  void theClusterYamlReferenceIsWhatTheSchemaPrints() throws IOException {
    CliTest.Run printed = CliTest.run("schema", "--format", "markdown");

    assertThat(printed.exitCode()).isZero();
    assertThat(Files.readString(ROOT.resolve("docs/cluster-yaml.md")))
        .as("docs/cluster-yaml.md is stale: write it again with ./orchestrate schema --format markdown > docs/cluster-yaml.md")
        .isEqualTo(printed.out());
  }

  @Test
  void theCommandReferenceIsWhatTheCommandsSay() throws IOException {
    CliTest.Run printed = CliTest.run("reference");

    assertThat(printed.exitCode()).isZero();
    assertThat(printed.out()).contains("## `orchestrate lb-config`", "## `orchestrate sandbox`", "| 4 | invalid input");
    assertThat(Files.readString(ROOT.resolve("docs/commands.md")))
        .as("docs/commands.md is stale: write it again with ./orchestrate reference > docs/commands.md")
        .isEqualTo(printed.out());
  }

  @Test
  void everyRelativeLinkReachesAFileAndItsHeading() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path page : pages()) {
      Matcher link = LINK.matcher(Files.readString(page));
      while (link.find()) {
        String target = link.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue;
        }
        String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        Path reached = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(reached)) {
          broken.add(ROOT.relativize(page) + ": " + target + " (no such file)");
        } else if (target.contains("#") && reached.toString().endsWith(".md")
            && !anchors(reached).contains(target.substring(target.indexOf('#') + 1))) {
          broken.add(ROOT.relativize(page) + ": " + target + " (no such heading)");
        }
      }
    }
    assertThat(broken).isEmpty();
  }

  @Test
  void nothingSendsTheReaderOutsideTheRepository() throws IOException {
    List<String> found = new ArrayList<>();
    List<Path> files = new ArrayList<>(pages());
    try (Stream<Path> sources = Files.walk(ROOT.resolve("cli/src/main/java"))) {
      sources.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
    }
    for (Path file : files) {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).matches(".*\\bspec/(cluster\\.yaml|CLI\\.md|PLAYBOOK\\.md).*")) {
          found.add(ROOT.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
        }
      }
    }
    assertThat(found).as("references to the shared contracts, which a clone does not have").isEmpty();
  }

  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  /** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as dashes. */
  private static Set<String> anchors(Path page) throws IOException {
    Set<String> anchors = new HashSet<>();
    Matcher heading = HEADING.matcher(Files.readString(page));
    while (heading.find()) {
      anchors.add(heading.group(1).strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "")
          .replace(' ', '-'));
    }
    return anchors;
  }
}
