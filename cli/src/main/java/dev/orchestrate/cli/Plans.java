package dev.orchestrate.cli;

import dev.orchestrate.core.compiler.Compilation;
import dev.orchestrate.core.compiler.Compiler;
import dev.orchestrate.core.facts.FactGatherer;
import dev.orchestrate.core.facts.Facts;
import dev.orchestrate.core.plan.Plan;
import dev.orchestrate.core.template.Templar;
import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.transport.Transport;
import dev.orchestrate.playbooks.BuiltInPlaybooks;
import dev.orchestrate.core.OrchestrateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/** Facts read, the difference compiled: what plan prints and apply walks. */
final class Plans {
  private Plans() {}

  /** What a plan is made of: the compilation and the facts it was made from. */
  record Compiled(Plan plan, Compilation compilation, Facts facts) {}

  static Compiled compile(Path file, Topology topology, Transport transport) {
    return compile(topology, digest(file), FactGatherer.create(transport).gather(topology));
  }

  /** The plan from facts already read (or, resuming a run, recorded in its journal). */
  static Compiled compile(Topology topology, String digest, Facts facts) {
    Compilation compilation = Compiler.create(BuiltInPlaybooks.create(), Templar.create(Environment.system(), Path.of(".")))
        .withLicenseDigest(licenseDigest(topology))
        .compile(topology, facts);
    Plan plan = new Plan(topology.cluster().name(), digest, facts.digest(), Instant.now(), compilation.decisions(),
        compilation.graph());
    return new Compiled(plan, compilation, facts);
  }

  /**
   * The SHA-256 of the license key cluster.yaml names, as the facts script hashes the key a node
   * holds; empty when the key cannot be read here (a plan made without the secret), and then
   * licenses are not compared. The key itself goes no further than this method.
   */
  static Optional<String> licenseDigest(Topology topology) {
    try {
      String key = topology.confluence().license().read(Environment.system()).reveal();
      return Optional.of(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(key.getBytes(StandardCharsets.UTF_8))));
    } catch (OrchestrateException e) {
      return Optional.empty();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The SHA-256 of the cluster.yaml as written: a saved plan is refused once the file changes. */
  static String digest(Path file) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
