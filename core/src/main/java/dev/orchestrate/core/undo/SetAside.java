package dev.orchestrate.core.undo;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A file or tree the run made where there was nothing (a copy to a new node, a file created by an
 * edit): undone by renaming it to {@code PATH.orchestrate-rollback-RUN}, never by deleting it.
 * Nothing to do when nothing is at {@code path}.
 *
 * @param sha256After the created file's checksum; empty for a copied tree
 */
public record SetAside(String path, What what, String sha256After) implements UndoRecord {
  static final String KIND_COPY = "remove_copy";
  static final String KIND_CREATED = "remove_file";

  /** What the run made at the path. */
  public enum What {
    /** A tree copied from another node ({@code sync}). */
    COPY,
    /** A file an edit created ({@code properties} with {@code create}). */
    CREATED_FILE
  }

  public SetAside {
    Paths.requireAbsolute(path, "path");
    requireNonNull(what, "what");
    requireNonNull(sha256After, "sha256After");
  }

  public static SetAside copy(String path) {
    return new SetAside(path, What.COPY, "");
  }

  public static SetAside createdFile(String path, String sha256After) {
    return new SetAside(path, What.CREATED_FILE, sha256After);
  }

  static SetAside fromJson(String kind, JsonFields fields) {
    return new SetAside(fields.required("path"), kind.equals(KIND_COPY) ? What.COPY : What.CREATED_FILE,
        fields.text("sha256_after"));
  }

  @Override
  public String kind() {
    return what == What.COPY ? KIND_COPY : KIND_CREATED;
  }

  @Override
  public String describe() {
    return "set " + (what == What.COPY ? "the copy " : "the created file ") + path + " aside";
  }

  @Override
  public Reach reach() {
    return Reach.NODE;
  }

  @Override
  public Map<String, Object> toJson() {
    return JsonForm.of(kind()).put("path", path).putText("sha256_after", sha256After).map();
  }
}
