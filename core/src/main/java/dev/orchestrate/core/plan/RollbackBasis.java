package dev.orchestrate.core.plan;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a rollback plan was made from, and what it undoes: the cluster's chain of runs, a digest of
 * the journal of each run it undoes, whether each node's Confluence ran, and every backup it relies
 * on as it was on the host. A rollback is compiled from journals, not from facts, so these play the
 * part the facts digest plays for an apply plan: {@code rollback --plan} reads them all again and
 * runs the saved plan only when nothing differs ({@link #mismatch}), since a rollback made for one
 * state of the cluster is wrong for another — a newer apply would be left in place, a node started
 * by hand would be stopped by surprise, a corrupted archive would be trusted.
 *
 * <p>{@code nodes} and {@code backups} are empty when the hosts were not read: the rollback that
 * {@code apply --rollback-on-failure} runs at once after a failure, which is never saved.
 *
 * @param undoes the runs the rollback undoes, newest first
 * @param keeps with {@code --to}: the run of the chain it stops at, kept as it left the cluster
 * @param resumes a rollback that was cut off or failed, which this one finishes
 * @param chain the cluster's chain when the plan was made, oldest first
 * @param journals SHA-256 of the journal of each run in {@code undoes}, as read; empty for a run
 *     without a journal (cut off before its first record)
 * @param nodes each node's Confluence then: {@code running}, {@code stopped} or {@code unreachable}
 * @param backups every backup the rollback reads, as it was on its host
 */
public record RollbackBasis(List<String> undoes, Optional<String> keeps, Optional<String> resumes, List<String> chain,
    Map<String, String> journals, Map<String, String> nodes, List<Backup> backups) {

  /**
   * A file a rollback relies on, as it was on its host. Only the digests and sizes leave the host.
   *
   * @param kind {@code archive}: a verified {@code tar.gz} of a home, whose manifest the rollback
   *     checks the files it puts back against; or {@code copy}: an edited file as it was before the
   *     run ({@code FILE.orchestrate-RUN}), which the rollback puts back over it
   * @param companion an archive's manifest; the file a copy is put back over
   * @param bytes the file's size, or -1 when it is not there (or not readable)
   * @param sha256 the file's SHA-256, empty when it is not there
   * @param checksums an archive's: the checksums its manifest lists, -1 when the manifest is not there
   * @param companionSha256 an archive's: the manifest's SHA-256, empty when it is not there
   */
  public record Backup(String run, String node, String kind, String path, String companion, long bytes, String sha256,
      long checksums, String companionSha256) {
    public static final String ARCHIVE = "archive";
    public static final String COPY = "copy";

    public Backup {
      requireNonNull(run, "run");
      requireNonNull(node, "node");
      if (!kind.equals(ARCHIVE) && !kind.equals(COPY)) {
        throw new IllegalArgumentException("a backup is an archive or a copy, not '" + kind + "'");
      }
      requireNonNull(path, "path");
      requireNonNull(companion, "companion");
      requireNonNull(sha256, "sha256");
      requireNonNull(companionSha256, "companionSha256");
    }

    public boolean present() {
      return bytes >= 0;
    }

    public boolean isArchive() {
      return kind.equals(ARCHIVE);
    }

    /** {@code node1:/path}, for messages. */
    public String where() {
      return node + ":" + path;
    }

    /** What was found, for people: size and checksums, or that it is missing. */
    public String describe() {
      if (!present()) {
        return "MISSING";
      }
      String size = String.format(java.util.Locale.ROOT, "%,d bytes", bytes) + ", sha256 " + SavedPlan.shorten(sha256);
      if (!isArchive()) {
        return size + "; put back over " + companion;
      }
      return size + "; " + (checksums < 0 ? "its manifest " + companion + " is MISSING"
          : checksums + " checksums in " + companion);
    }
  }

  public RollbackBasis {
    undoes = List.copyOf(undoes);
    requireNonNull(keeps, "keeps");
    requireNonNull(resumes, "resumes");
    chain = List.copyOf(chain);
    journals = Collections.unmodifiableMap(new LinkedHashMap<>(journals));
    nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    backups = List.copyOf(backups);
  }

  /** Whether the hosts were read: every topology has a node, so a basis that read them names one. */
  public boolean readHosts() {
    return !nodes.isEmpty();
  }

  /** SHA-256 of the basis as the plan's JSON holds it: what a rollback plan gives as its facts digest. */
  public String digest() {
    return SavedPlan.sha256(JsonRollback.tree(this).toString());
  }

  /**
   * The first thing in which {@code now} — read again from the cluster before the saved plan runs —
   * differs from this basis, in one sentence, or empty when the plan may run.
   *
   * @param continuing the cluster's unfinished rollback was started from this very plan: it
   *     stopped nodes and is finished now, so the nodes' states and the rollback it resumes are
   *     what that rollback made them and are not compared; the chain, the journals and the backups
   *     still are
   */
  public Optional<String> mismatch(RollbackBasis now, boolean continuing) {
    if (!chain.equals(now.chain)) {
      return Optional.of(chainChange(now.chain));
    }
    if (!continuing && !resumes.equals(now.resumes)) {
      return Optional.of(resumes.isEmpty()
          ? "rollback " + now.resumes.get() + " started since the plan was made and did not finish; finish it first"
          + " (orchestrate rollback FILE --yes resumes it)"
          : "rollback " + resumes.get() + ", which the plan finishes, is no longer unfinished");
    }
    if (!undoes.equals(now.undoes) || !keeps.equals(now.keeps)) {
      return Optional.of("the plan undoes " + runs(undoes) + " and a rollback would now undo " + runs(now.undoes));
    }
    for (Map.Entry<String, String> journal : journals.entrySet()) {
      String current = now.journals.getOrDefault(journal.getKey(), "");
      if (!journal.getValue().equals(current)) {
        return Optional.of("the journal of run " + journal.getKey() + " changed since the plan was made (sha256 "
            + SavedPlan.shorten(journal.getValue()) + " → " + SavedPlan.shorten(current) + "): the run was resumed or"
            + " written to since");
      }
    }
    if (!continuing) {
      Optional<String> node = nodeChange(now.nodes);
      if (node.isPresent()) {
        return node;
      }
    }
    return backupChange(now.backups);
  }

  private String chainChange(List<String> current) {
    List<String> joined = new ArrayList<>(current);
    joined.removeAll(chain);
    List<String> left = new ArrayList<>(chain);
    left.removeAll(current);
    String both = " (chain then: " + runs(chain) + "; now: " + runs(current) + ")";
    if (!joined.isEmpty()) {
      return "a newer apply ran since the plan was made: run " + String.join(", ", joined) + " joined the cluster's"
          + " chain, and the plan would leave it in place" + both;
    }
    if (!left.isEmpty()) {
      return "run " + String.join(", ", left) + " left the cluster's chain since the plan was made (rolled back, or"
          + " marked good)" + both;
    }
    return "the cluster's chain changed since the plan was made" + both;
  }

  private Optional<String> nodeChange(Map<String, String> current) {
    for (Map.Entry<String, String> node : nodes.entrySet()) {
      String state = current.getOrDefault(node.getKey(), "not in cluster.yaml");
      if (!node.getValue().equals(state)) {
        return Optional.of("Confluence on " + node.getKey() + " was " + node.getValue() + " when the plan was made and"
            + " is " + state + " now (started or stopped by hand?)");
      }
    }
    return Optional.empty();
  }

  private Optional<String> backupChange(List<Backup> current) {
    Map<String, Backup> found = new LinkedHashMap<>();
    current.forEach(backup -> found.put(backup.where(), backup));
    for (Backup then : backups) {
      Backup now = found.remove(then.where());
      String what = "the backup " + then.where();
      if (now == null) {
        return Optional.of("the rollback no longer relies on " + what + ", which the plan names");
      }
      if (then.present() && !now.present()) {
        return Optional.of(what + " is missing now; it was there when the plan was made");
      }
      if (!then.present() && now.present()) {
        return Optional.of(what + " was missing when the plan was made and is there now");
      }
      if (!then.sha256().equals(now.sha256()) || then.bytes() != now.bytes()) {
        return Optional.of(what + " has another checksum now (sha256 " + SavedPlan.shorten(then.sha256()) + " → "
            + SavedPlan.shorten(now.sha256()) + ", " + then.bytes() + " → " + now.bytes() + " bytes): it changed"
            + " since the plan was made");
      }
      if (!then.companionSha256().equals(now.companionSha256()) || then.checksums() != now.checksums()) {
        return Optional.of("the manifest " + then.companion() + " of " + what + " changed since the plan was made");
      }
    }
    return found.values().stream().findFirst().map(extra -> "the rollback now relies on the backup " + extra.where()
        + ", which the plan does not name");
  }

  private static String runs(List<String> runs) {
    return runs.isEmpty() ? "no run" : String.join(", ", runs);
  }
}
