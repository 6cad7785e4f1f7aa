package dev.orchestrate.core.plan;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.diagnostic.Diagnostics;
import dev.orchestrate.core.diagnostic.InvalidFileException;
import dev.orchestrate.core.diagnostic.SourcePosition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A plan saved by {@code orchestrate plan --out}, read back by {@code apply --plan}; or a rollback
 * plan saved by {@code plan --rollback --out}, read back by {@code rollback --plan}. A saved plan
 * is never walked itself: the command makes a plan again — from fresh facts, or for a rollback from
 * the journals and the hosts read again — and runs it only when it is the one a person reviewed
 * ({@link #mismatch}), so what runs is exactly what was shown.
 */
public final class SavedPlan {
  /**
   * One vertex of the saved plan.
   *
   * @param kind {@code task}, {@code task_gate} or {@code batch_gate}
   * @param node the node a task runs on; empty for a gate
   */
  public record Step(String id, String kind, String title, String node) {
    public Step {
      requireNonNull(id, "id");
      requireNonNull(kind, "kind");
      requireNonNull(title, "title");
      requireNonNull(node, "node");
    }

    public boolean isTask() {
      return kind.equals("task");
    }

    String describe() {
      return id + " (" + title + (node.isEmpty() ? "" : " on " + node) + ")";
    }
  }

  private static final Set<String> KINDS = Set.of("task", "task_gate", "batch_gate");
  private static final String HINT = "make the plan again with `orchestrate plan FILE --out PLAN`";

  private final String cluster;
  private final Instant created;
  private final String topologyDigest;
  private final String factsDigest;
  private final List<Step> steps;
  private final Optional<RollbackBasis> rollback;
  private final String digest;

  private SavedPlan(String cluster, Instant created, String topologyDigest, String factsDigest, List<Step> steps,
      Optional<RollbackBasis> rollback, String digest) {
    this.cluster = cluster;
    this.created = created;
    this.topologyDigest = topologyDigest;
    this.factsDigest = factsDigest;
    this.steps = List.copyOf(steps);
    this.rollback = rollback;
    this.digest = digest;
  }

  /**
   * Saves {@code plan} in its JSON form. The file is written beside its final place and then moved
   * there, so an interrupted write never leaves half a plan under {@code file}'s name.
   *
   * @throws OrchestrateException with exit code 4 when the file cannot be written
   */
  public static void write(Plan plan, Path file) {
    Path target = file.toAbsolutePath();
    Path directory = target.getParent();
    Path temporary = null;
    try {
      temporary = Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
      Files.writeString(temporary, PlanWriter.json(plan));
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new OrchestrateException(ExitCode.INVALID_INPUT,
          "cannot write the plan to " + file + ": " + describe(e), e);
    } finally {
      deleteQuietly(temporary);
    }
  }

  /**
   * Reads a plan saved by {@link #write}.
   *
   * @throws InvalidFileException when the file is not a plan, or a plan of another format version
   * @throws OrchestrateException with exit code 4 when the file cannot be read
   */
  public static SavedPlan read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new OrchestrateException(ExitCode.INVALID_INPUT, "cannot read the plan " + file + ": " + describe(e), e);
    }
    Diagnostics diagnostics = new Diagnostics(file.toString());
    JsonNode root;
    try {
      root = JsonPlan.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(text);
    } catch (JsonProcessingException e) {
      diagnostics.error(position(e.getLocation()),
          "not a saved plan: this is not JSON (" + e.getOriginalMessage() + ")", HINT);
      throw new InvalidFileException(diagnostics.sorted());
    }
    SavedPlan plan = parse(root, diagnostics, sha256(text));
    if (diagnostics.hasErrors()) {
      throw new InvalidFileException(diagnostics.sorted());
    }
    return plan;
  }

  private static SavedPlan parse(JsonNode root, Diagnostics diagnostics, String digest) {
    SourcePosition start = SourcePosition.START;
    if (root == null || !root.isObject() || !root.has("format")) {
      diagnostics.error(start, "not a plan saved by `orchestrate plan --out`: it has no \"format\" key", HINT);
      return null;
    }
    JsonNode format = root.get("format");
    if (!format.isInt() || format.intValue() != JsonPlan.FORMAT) {
      diagnostics.error(start, "this plan is in format " + format + "; this orchestrate reads format "
          + JsonPlan.FORMAT + " only", HINT);
      return null;
    }
    String planKind = root.path("kind").asText("apply");
    if (!planKind.equals("apply") && !planKind.equals("rollback")) {
      diagnostics.error(start, "/kind is '" + planKind + "', not apply or rollback", HINT);
    }
    Optional<RollbackBasis> rollback = planKind.equals("rollback")
        ? Optional.of(JsonRollback.read(root.get("rollback"), diagnostics)) : Optional.empty();
    String cluster = text(root, "/cluster", diagnostics);
    String createdText = text(root, "/created", diagnostics);
    Instant created = Instant.EPOCH;
    try {
      created = Instant.parse(createdText);
    } catch (DateTimeParseException e) {
      if (!createdText.isEmpty()) {
        diagnostics.error(start, "/created is not an ISO-8601 instant: '" + createdText + "'", HINT);
      }
    }
    String topology = text(root, "/digests/topology", diagnostics);
    String facts = text(root, "/digests/facts", diagnostics);
    List<Step> steps = new ArrayList<>();
    JsonNode vertices = root.at("/vertices");
    if (!vertices.isArray()) {
      diagnostics.error(start, "/vertices is missing or not a list", HINT);
    } else {
      for (int i = 0; i < vertices.size(); i++) {
        String at = "/vertices/" + i;
        String id = text(root, at + "/id", diagnostics);
        String kind = text(root, at + "/kind", diagnostics);
        String title = text(root, at + "/title", diagnostics);
        if (!kind.isEmpty() && !KINDS.contains(kind)) {
          diagnostics.error(start, at + "/kind is '" + kind + "', not one of task, task_gate, batch_gate", HINT);
        }
        String node = kind.equals("task") ? text(root, at + "/node", diagnostics) : "";
        steps.add(new Step(id, kind, title, node));
      }
    }
    return new SavedPlan(cluster, created, topology, facts, steps, rollback, digest);
  }

  /** The text at {@code pointer}; a missing or empty one is reported, and read as empty. */
  private static String text(JsonNode root, String pointer, Diagnostics diagnostics) {
    JsonNode value = root.at(pointer);
    if (!value.isTextual() || value.textValue().isEmpty()) {
      diagnostics.error(SourcePosition.START, pointer + " is missing or not a non-empty string", HINT);
      return "";
    }
    return value.textValue();
  }

  public String cluster() {
    return cluster;
  }

  public Instant created() {
    return created;
  }

  public String topologyDigest() {
    return topologyDigest;
  }

  public String factsDigest() {
    return factsDigest;
  }

  /** What a saved rollback plan undoes and was made from; empty for a plan of apply. */
  public Optional<RollbackBasis> rollback() {
    return rollback;
  }

  public boolean isRollback() {
    return rollback.isPresent();
  }

  /**
   * SHA-256 of the file as read: the plan's identity. A rollback started from a saved plan records
   * it, so the same plan given again finishes that rollback rather than being refused because the
   * rollback itself stopped nodes.
   */
  public String digest() {
    return digest;
  }

  /** Every vertex of the saved plan, tasks and gates, in the graph's order. */
  public List<Step> steps() {
    return steps;
  }

  public List<String> vertexIds() {
    return steps.stream().map(Step::id).toList();
  }

  /** The task vertices only: what the plan does, on which node. */
  public List<Step> tasks() {
    return steps.stream().filter(Step::isTask).toList();
  }

  /**
   * Whether {@code current} — compiled now from cluster.yaml and fresh facts — is not the plan that
   * was saved: another cluster, another topology or facts digest, or other vertices or another
   * order of them.
   *
   * @return one sentence saying what differs; empty when {@code current} is this plan
   */
  public Optional<String> mismatch(Plan current) {
    return mismatch(current, false);
  }

  /**
   * As {@link #mismatch(Plan)}; for a rollback plan, the first difference its {@link RollbackBasis}
   * names (the chain, a journal, a node's state, a backup) rather than a facts digest.
   *
   * @param continuing the cluster's unfinished rollback was started from this plan ({@link
   *     RollbackBasis#mismatch})
   */
  public Optional<String> mismatch(Plan current, boolean continuing) {
    if (!cluster.equals(current.cluster())) {
      return Optional.of("the plan was made for cluster '" + cluster + "', not '" + current.cluster() + "'");
    }
    if (isRollback() != current.isRollback()) {
      return Optional.of(isRollback() ? "this is a rollback plan: run it with `orchestrate rollback FILE --plan PLAN`"
          : "this is a plan for apply, not a rollback plan: make one with `orchestrate plan FILE --rollback --out PLAN`");
    }
    boolean topologyChanged = !topologyDigest.equals(current.topologyDigest());
    boolean factsChanged = !factsDigest.equals(current.factsDigest());
    String topology = "topology digest " + shorten(topologyDigest) + " → " + shorten(current.topologyDigest());
    String facts = "facts digest " + shorten(factsDigest) + " → " + shorten(current.factsDigest());
    if (isRollback() && !topologyChanged) {
      Optional<String> basis = rollback.get().mismatch(current.rollback().get(), continuing);
      return basis.isPresent() ? basis : stepsMismatch(current);
    }
    if (topologyChanged && factsChanged && !isRollback()) {
      return Optional.of("cluster.yaml and the hosts changed since the plan was made ("
          + topology + ", " + facts + ")");
    }
    if (topologyChanged) {
      return Optional.of("cluster.yaml changed since the plan was made (" + topology + ")");
    }
    if (factsChanged) {
      return Optional.of("the hosts changed since the plan was made (" + facts + ")");
    }
    return stepsMismatch(current);
  }

  private Optional<String> stepsMismatch(Plan current) {
    PlanOutline outline = PlanOutline.of(current);
    List<Step> now = current.graph().order().stream()
        .map(vertex -> new Step(vertex.id(), vertex.kind().name().toLowerCase(Locale.ROOT),
            outline.title(vertex), vertex.node()))
        .toList();
    int common = Math.min(steps.size(), now.size());
    for (int i = 0; i < common; i++) {
      if (!steps.get(i).id().equals(now.get(i).id())) {
        return Optional.of("the plan's steps differ: step " + (i + 1) + " was " + steps.get(i).describe()
            + " and is now " + now.get(i).describe());
      }
    }
    if (steps.size() < now.size()) {
      return Optional.of("the plan's steps differ: the plan has " + steps.size() + " steps and a run would now take "
          + now.size() + ", from " + now.get(common).describe() + " on");
    }
    if (steps.size() > now.size()) {
      return Optional.of("the plan's steps differ: the plan has " + steps.size() + " steps and a run would now take "
          + now.size() + ", without " + steps.get(common).describe() + " and what follows it");
    }
    return Optional.empty();
  }

  /** Enough of a digest to tell two apart in a message. */
  static String shorten(String digest) {
    String value = digest.substring(digest.lastIndexOf(':') + 1);
    return value.length() <= 12 ? value : value.substring(0, 12) + "…";
  }

  /** SHA-256 of {@code text}'s UTF-8 bytes, in lower-case hex. */
  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SourcePosition position(JsonLocation location) {
    if (location == null) {
      return SourcePosition.START;
    }
    return new SourcePosition(Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage();
  }

  private static void deleteQuietly(Path temporary) {
    if (temporary == null) {
      return;
    }
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException e) {
      // Only a stray hidden temporary file is left; the plan itself was written or reported.
    }
  }
}
