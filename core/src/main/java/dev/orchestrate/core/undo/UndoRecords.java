package dev.orchestrate.core.undo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Lists of undo records: as a journal line holds them, and merged per task. */
public final class UndoRecords {
  private UndoRecords() {}

  /**
   * The records under a journal line's {@code undo}: a list of records (this version), or one
   * record, or a loop's {@code {"items": [...]}} (earlier versions); nothing when absent.
   *
   * @throws IllegalArgumentException when a record cannot be read
   */
  public static List<UndoRecord> read(Object undo) {
    if (undo instanceof List<?> list) {
      List<UndoRecord> all = new ArrayList<>();
      list.forEach(item -> all.addAll(read(item)));
      return all;
    }
    if (!(undo instanceof Map<?, ?> map) || map.isEmpty()) {
      return List.of();
    }
    if (!map.containsKey("kind") && map.get("items") instanceof List<?> items) {
      return read(items);
    }
    return List.of(UndoRecord.fromJson(map));
  }

  /** {@code records} as a journal line holds them. */
  public static List<Map<String, Object>> toJson(List<UndoRecord> records) {
    return records.stream().map(UndoRecord::toJson).toList();
  }

  /**
   * {@code records} of one task, in the order they were recorded, with each that describes the
   * same change as an earlier one folded into it: an intent and the end record that completes
   * it, or the moves of two attempts.
   */
  public static List<UndoRecord> merge(List<UndoRecord> records) {
    List<UndoRecord> merged = new ArrayList<>();
    for (UndoRecord record : records) {
      boolean folded = false;
      for (int i = 0; i < merged.size() && !folded; i++) {
        Optional<UndoRecord> both = merged.get(i).mergedWith(record);
        if (both.isPresent()) {
          merged.set(i, both.get());
          folded = true;
        }
      }
      if (!folded) {
        merged.add(record);
      }
    }
    return List.copyOf(merged);
  }
}
