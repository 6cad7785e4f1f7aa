package dev.orchestrate.core.undo;

import java.util.Map;

/**
 * A verified backup of {@code src} ({@code backup}): backups are kept, so nothing is undone; the
 * rollback checks the files put back against {@code manifest}, the checksums from before.
 */
public record BackupKept(String archive, String manifest, String src) implements UndoRecord {
  static final String KIND = "backup";

  public BackupKept {
    Paths.requireAbsolute(archive, "archive");
    Paths.requireAbsolute(manifest, "manifest");
    Paths.requireAbsolute(src, "src");
  }

  static BackupKept fromJson(JsonFields fields) {
    return new BackupKept(fields.required("archive"), fields.required("manifest"), fields.required("src"));
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String describe() {
    return "keep the backup " + archive;
  }

  @Override
  public Reach reach() {
    return Reach.NOTHING;
  }

  @Override
  public Map<String, Object> toJson() {
    return JsonForm.of(KIND).put("archive", archive).put("manifest", manifest).put("src", src).map();
  }
}
