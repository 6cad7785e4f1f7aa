package dev.orchestrate.core.undo;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * A file edited in place: undone by putting {@code backup} (the file before the run's first edit
 * of it) back over it and giving it back its owner, group and mode. Nothing to do when the file
 * has {@code sha256Before} already, which is how an edit that never happened is told.
 *
 * @param backup the copy kept before the edit; empty when none was kept ({@code backup: false})
 * @param sha256Before the file's checksum before the edit; empty when unknown (Ansible's modules)
 * @param sha256After the checksum the edit gave it; a different one means it changed since, and
 *     that content is set aside rather than lost
 */
public record RestoreFile(String path, String backup, String sha256Before, String sha256After,
    Optional<Ownership> ownership) implements UndoRecord {
  static final String KIND = "restore_file";

  public RestoreFile {
    Paths.requireAbsolute(path, "path");
    requireNonNull(backup, "backup");
    requireNonNull(sha256Before, "sha256Before");
    requireNonNull(sha256After, "sha256After");
    requireNonNull(ownership, "ownership");
    if (backup.isEmpty() && sha256Before.isEmpty()) {
      throw new IllegalArgumentException(path + ": a restore needs a backup or the checksum from before;"
          + " with neither, nothing could tell whether the file is as before");
    }
  }

  /** An edit restored from a backup, with nothing known of the file but the backup's name (Ansible's modules). */
  public static RestoreFile fromBackup(String path, String backup) {
    return new RestoreFile(path, backup, "", "", Optional.empty());
  }

  static RestoreFile fromJson(JsonFields fields) {
    return new RestoreFile(fields.required("path"), fields.text("backup"), fields.text("sha256_before"),
        fields.text("sha256_after"), fields.ownership());
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String describe() {
    return "restore " + path + (backup.isEmpty() ? "" : " from " + backup);
  }

  @Override
  public Reach reach() {
    return Reach.NODE;
  }

  @Override
  public Map<String, Object> toJson() {
    return JsonForm.of(KIND).put("path", path).putText("backup", backup).putText("sha256_before", sha256Before)
        .putText("sha256_after", sha256After).put(ownership).map();
  }
}
