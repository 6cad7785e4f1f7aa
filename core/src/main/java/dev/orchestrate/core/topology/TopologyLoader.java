package dev.orchestrate.core.topology;

import dev.orchestrate.core.diagnostic.Diagnostic;
import dev.orchestrate.core.diagnostic.Diagnostics;
import dev.orchestrate.core.diagnostic.InvalidFileException;
import dev.orchestrate.core.diagnostic.SourcePosition;
import dev.orchestrate.core.shape.ShapeChecker;
import dev.orchestrate.core.yaml.YamlMap;
import dev.orchestrate.core.yaml.YamlNode;
import dev.orchestrate.core.yaml.YamlReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads and checks a cluster.yaml without touching any host. Every problem is collected, in
 * three passes over one located tree: the YAML itself, the shape ({@link TopologySchema}), then
 * the rules between keys and the files they name ({@link TopologyRules}). Only a file with no
 * error becomes a {@link Topology}.
 */
public final class TopologyLoader {
  private final Environment environment;

  private TopologyLoader(Environment environment) {
    this.environment = environment;
  }

  public static TopologyLoader create(Environment environment) {
    return new TopologyLoader(environment);
  }

  /** The outcome of reading one file: the topology when it has no error, and every diagnostic, warnings included. */
  public record Result(Optional<Topology> topology, List<Diagnostic> diagnostics) {
    public Result {
      diagnostics = List.copyOf(diagnostics);
      if (topology.isPresent() == diagnostics.stream().anyMatch(Diagnostic::isError)) {
        throw new IllegalArgumentException("a topology is given exactly when there is no error");
      }
    }

    public boolean isValid() {
      return topology.isPresent();
    }

    /** The topology, or an {@link InvalidFileException} (exit code 4) listing every error. */
    public Topology orThrow() {
      return topology.orElseThrow(() -> new InvalidFileException(diagnostics));
    }
  }

  /** Reads {@code file}, which messages name as it is written here. */
  public Result load(Path file) {
    Diagnostics diagnostics = new Diagnostics(file.toString());
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (NoSuchFileException e) {
      diagnostics.error(SourcePosition.START, "no such file");
      return new Result(Optional.empty(), diagnostics.sorted());
    } catch (CharacterCodingException e) {
      diagnostics.error(SourcePosition.START, "the file is not UTF-8 text");
      return new Result(Optional.empty(), diagnostics.sorted());
    } catch (IOException e) {
      diagnostics.error(SourcePosition.START, "cannot read the file: " + e.getMessage());
      return new Result(Optional.empty(), diagnostics.sorted());
    }
    return check(text, file, diagnostics);
  }

  /** Checks {@code text} as if read from {@code file} (whose folder relative paths start from). */
  public Result load(String text, Path file) {
    return check(text, file, new Diagnostics(file.toString()));
  }

  private Result check(String text, Path file, Diagnostics diagnostics) {
    Optional<YamlNode> document = YamlReader.read(text, diagnostics);
    if (document.isEmpty()) {
      return new Result(Optional.empty(), diagnostics.sorted());
    }
    if (!(document.get() instanceof YamlMap root)) {
      diagnostics.error(document.get().position(), "cluster.yaml must be a mapping of keys (cluster:, confluence:,"
          + " nodes: ...), not " + document.get().describe());
      return new Result(Optional.empty(), diagnostics.sorted());
    }
    ShapeChecker.check(root, TopologySchema.ROOT, diagnostics);
    Path baseDir = file.toAbsolutePath().normalize().getParent();
    TopologyRules.check(root, baseDir, environment, diagnostics);
    if (diagnostics.hasErrors()) {
      return new Result(Optional.empty(), diagnostics.sorted());
    }
    return new Result(Optional.of(TopologyBinder.bind(root, file, environment)), diagnostics.sorted());
  }
}
