package dev.orchestrate.core.undo;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A move ({@code move}): undone by moving {@code dest} back to {@code src} or, with {@code
 * contents}, each of {@code entries} from inside {@code dest} back into {@code src}, which the
 * move had emptied and removed: it is made again with the owner, group and mode it had. An entry
 * already back, or never moved, is found done.
 *
 * <p>The record lists every entry the task meant to move, whichever attempt of it moved them: a
 * move cut off and run again records the rest only, and the two records merge into one.
 *
 * @param ownership the owner, group and mode of {@code src}, for a move of contents
 */
public record MoveBack(String src, String dest, boolean contents, List<String> entries,
    Optional<Ownership> ownership) implements UndoRecord {
  static final String KIND = "move";

  public MoveBack {
    Paths.requireAbsolute(src, "src");
    Paths.requireAbsolute(dest, "dest");
    entries = List.copyOf(entries);
    requireNonNull(ownership, "ownership");
    if (!contents && !entries.isEmpty()) {
      throw new IllegalArgumentException("a move of " + src + " itself lists no entries: " + entries);
    }
    for (String entry : entries) {
      if (entry.isEmpty() || entry.contains("/") || entry.equals(".") || entry.equals("..")) {
        throw new IllegalArgumentException("an entry of " + src + " is a name inside it, not '" + entry + "'");
      }
    }
  }

  /** A move of {@code src} itself to {@code dest}. */
  public static MoveBack whole(String src, String dest) {
    return new MoveBack(src, dest, false, List.of(), Optional.empty());
  }

  static MoveBack fromJson(JsonFields fields) {
    return new MoveBack(fields.required("src"), fields.required("dest"), fields.flag("contents"),
        fields.texts("entries"), fields.ownership());
  }

  @Override
  public Optional<UndoRecord> mergedWith(UndoRecord later) {
    if (!(later instanceof MoveBack move) || !move.src.equals(src) || !move.dest.equals(dest)
        || move.contents != contents) {
      return Optional.empty();
    }
    Set<String> all = new LinkedHashSet<>(entries);
    all.addAll(move.entries);
    return Optional.of(new MoveBack(src, dest, contents, List.copyOf(all), ownership.or(move::ownership)));
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String describe() {
    return contents ? "move " + String.join(", ", entries) + " back from " + dest + " into " + src
        : "move " + dest + " back to " + src;
  }

  @Override
  public Reach reach() {
    return Reach.SHARED_HOME;
  }

  @Override
  public Map<String, Object> toJson() {
    return JsonForm.of(KIND).put("src", src).put("dest", dest).put("contents", contents).put("entries", entries)
        .put(ownership).map();
  }
}
