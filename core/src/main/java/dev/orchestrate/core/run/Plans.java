package dev.orchestrate.core.run;

import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.compiler.Compilation;
import dev.orchestrate.core.compiler.Compiler;
import dev.orchestrate.core.compiler.PlaybookLibrary;
import dev.orchestrate.core.facts.FactGatherer;
import dev.orchestrate.core.facts.Facts;
import dev.orchestrate.core.plan.Plan;
import dev.orchestrate.core.template.Templar;
import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.transport.Transport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/** Facts read, the difference compiled: what {@code plan} prints and {@code apply} walks. */
public final class Plans {
  private Plans() {}

  /** What a plan is made of: the compilation and the facts it was made from. */
  record Compiled(Plan plan, Compilation compilation, Facts facts) {}

  /**
   * The plan of an apply of {@code file} to the hosts as they are now: read-only. The cluster
   * ports that answer this machine are probed while the facts are read and written to {@code err}
   * as warnings once the plan is made.
   */
  public static Plan plan(Path file, Topology topology, Transport transport, PlaybookLibrary procedures,
      PrintWriter err) {
    ExposedPorts exposed = ExposedPorts.probe(topology);
    Plan plan = compile(topology, digest(file), FactGatherer.create(transport).gather(topology), procedures).plan();
    exposed.warn(err);
    return plan;
  }

  /** The plan from facts already read (or, resuming a run, recorded in its journal). */
  static Compiled compile(Topology topology, String digest, Facts facts, PlaybookLibrary procedures) {
    Compilation compilation = Compiler.create(procedures, Templar.create(Environment.system(), Path.of(".")))
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
  private static Optional<String> licenseDigest(Topology topology) {
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
