package dev.orchestrate.core.undo;

import java.util.Map;

/**
 * A path the run created ({@code file}, {@code copy}, {@code template} and the other Ansible
 * modules): a folder is removed when it is empty and left, said so, when it holds files now;
 * anything else is set aside. Nothing to do when nothing is there.
 */
public record RemoveCreated(String path) implements UndoRecord {
  static final String KIND = "remove_path";

  public RemoveCreated {
    Paths.requireAbsolute(path, "path");
  }

  static RemoveCreated fromJson(JsonFields fields) {
    return new RemoveCreated(fields.required("path"));
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String describe() {
    return "remove the created " + path;
  }

  @Override
  public Reach reach() {
    return Reach.NODE;
  }

  @Override
  public Map<String, Object> toJson() {
    return JsonForm.of(KIND).put("path", path).map();
  }
}
