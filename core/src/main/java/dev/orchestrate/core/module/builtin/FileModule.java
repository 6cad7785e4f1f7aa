package dev.orchestrate.core.module.builtin;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.Shell;
import dev.orchestrate.core.undo.RemoveCreated;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Ansible's {@code file}: makes a path a file (which must exist), a directory (with its missing
 * parents), a symbolic or hard link, absent, or touched, and gives it {@code mode}, {@code owner}
 * and {@code group}. Changed only when something changed, except {@code touch}, which always
 * changes the times. Without {@code state}, the path keeps what it is ({@code file} when absent).
 * {@code recurse} sets the attributes on everything below a directory, links excepted.
 */
public final class FileModule implements Module {
  private static final List<String> STATES = List.of("absent", "directory", "file", "hard", "link", "touch");

  @Override
  public String name() {
    return "file";
  }

  /** It checks before it changes, so running it again after a dropped connection is safe. */
  @Override
  public boolean safeToRerun() {
    return true;
  }

  @Override
  public Set<String> arguments() {
    return Set.of("path", "dest", "name", "state", "mode", "owner", "group", "src", "recurse", "force",
        "follow");
  }

  @Override
  public ModuleResult execute(ModuleCall call) {
    try {
      RemotePath path = Arguments.path(Arguments.required(call, "path", "dest", "name"), "path");
      String wanted = Arguments.choice(call, "state", null, STATES);
      boolean recurse = Arguments.flag(call, "recurse", false);
      Optional<String> source = Arguments.optional(call, "src");
      Request request = new Request(call, path, Attributes.from(call), source, Arguments.flag(call, "force", false),
          Arguments.flag(call, "follow", true));
      PathState before = PathState.read(call, path.value(), false);
      String state = wanted != null ? wanted : before.exists() ? before.ansibleState() : recurse ? "directory" : "file";
      if (recurse && !state.equals("directory")) {
        return ModuleResult.failed("recurse option requires state to be 'directory'").with("path", path.value());
      }
      if (source.isPresent() && !state.equals("link") && !state.equals("hard")) {
        return ModuleResult.failed("src option requires state to be 'link' or 'hard'").with("path", path.value());
      }
      return switch (state) {
        case "absent" -> request.absent(before);
        case "directory" -> request.directory(before, recurse);
        case "touch" -> request.touch(before);
        case "link" -> request.link(before);
        case "hard" -> request.hard(before);
        default -> request.file(before);
      };
    } catch (ModuleFailure failure) {
      return failure.result();
    }
  }

  /** One invocation's arguments, and what each state does with them. */
  private record Request(ModuleCall call, RemotePath path, Attributes attributes, Optional<String> source,
      boolean force, boolean follow) {

    ModuleResult absent(PathState before) {
      Map<String, Object> fields = Map.of("path", path.value(), "state", "absent");
      if (!before.exists()) {
        return ModuleResult.ok("").withFields(fields);
      }
      if (!call.checkMode()) {
        String flags = before.kind() == PathState.Kind.DIRECTORY ? "-rf" : "-f";
        FileWriter.run(call, "rm " + flags + " -- " + quoted(), "could not remove " + path);
      }
      return ModuleResult.changed("").withFields(fields);
    }

    ModuleResult file(PathState before) {
      PathState target = followed(before);
      if (!target.exists()) {
        throw new ModuleFailure("file (" + path + ") is absent, cannot continue",
            Map.of("path", path.value(), "state", "absent"));
      }
      if (!List.of("file", "hard").contains(target.ansibleState())) {
        throw new ModuleFailure("file (" + path + ") is " + target.ansibleState() + ", cannot continue",
            Map.of("path", path.value(), "state", target.ansibleState()));
      }
      return settle(target, List.of());
    }

    ModuleResult directory(PathState before, boolean recurse) {
      PathState target = followed(before);
      if (target.exists() && target.kind() != PathState.Kind.DIRECTORY) {
        throw new ModuleFailure(target.path() + " already exists as a " + target.ansibleState(),
            Map.of("path", path.value()));
      }
      if (target.exists()) {
        List<String> below = recurse ? recursiveChanges(target) : List.of();
        return settle(target, below);
      }
      if (call.checkMode()) {
        return ModuleResult.changed("").with("path", path.value());
      }
      String output = runThenDescribe(createDirectories(target), target.path());
      Map<String, Object> fields = new LinkedHashMap<>(Map.of("path", path.value()));
      fields.putAll(PathState.parse(List.of(target.path()), output).get(0).info());
      String created = output.lines().filter(line -> line.startsWith("created=")).map(line -> line.substring(8))
          .filter(top -> !top.isEmpty()).findFirst().orElse(path.value());
      return ModuleResult.changed("").withFields(fields).withUndo(new RemoveCreated(created));
    }

    ModuleResult touch(PathState before) {
      Map<String, Object> fields = new LinkedHashMap<>(Map.of("dest", path.value()));
      if (call.checkMode()) {
        return ModuleResult.changed("").withFields(fields).withFields(before.info());
      }
      PathState touched = before.exists() ? followed(before) : before.asWrittenFile(before.newFileMode());
      if (!before.exists()) {
        call.intend(new RemoveCreated(path.value()));
      }
      List<String> commands = new ArrayList<>(List.of("touch -- " + quoted()));
      commands.addAll(attributes.changes(touched, false));
      fields.putAll(runAndDescribe(commands).info());
      ModuleResult result = ModuleResult.changed("").withFields(fields);
      return before.exists() ? result : result.withUndo(new RemoveCreated(path.value()));
    }

    ModuleResult link(PathState before) {
      boolean keepTarget = follow && before.kind() == PathState.Kind.LINK;
      String target = source.or(() -> keepTarget ? before.linkTarget() : Optional.empty())
          .orElseThrow(() -> new ModuleFailure("src is required for creating new symlinks"));
      String base = before.kind() == PathState.Kind.DIRECTORY ? path.value() : parent();
      String absolute = target.startsWith("/") ? target : base + "/" + target;
      String probe = "if [ -e " + Shell.quote(absolute) + " ]; then echo source; fi; if [ -d " + quoted()
          + " ] && [ -z \"$(ls -A -- " + quoted() + ")\" ]; then echo empty; fi";
      List<String> facts = FileWriter.run(call, probe, "could not inspect " + path).stdout().lines().toList();
      if (!force && !facts.contains("source")) {
        throw new ModuleFailure("src file does not exist, use \"force=yes\" if you really want to create the link: "
            + absolute, Map.of("path", path.value(), "src", target));
      }
      if (!force && (before.kind() == PathState.Kind.DIRECTORY || isFile(before))) {
        throw new ModuleFailure("refusing to convert from " + before.ansibleState() + " to symlink for " + path,
            Map.of("path", path.value()));
      }
      if (before.kind() == PathState.Kind.DIRECTORY && !facts.contains("empty")) {
        throw new ModuleFailure("the directory " + path + " is not empty, refusing to convert it",
            Map.of("path", path.value()));
      }
      boolean changed = before.kind() != PathState.Kind.LINK || !before.linkTarget().equals(Optional.of(target));
      Map<String, Object> fields = new LinkedHashMap<>(Map.of("dest", path.value(), "src", target));
      if (call.checkMode()) {
        return new ModuleResult(changed, false, "", fields, List.of());
      }
      if (changed) {
        String remove = before.kind() == PathState.Kind.DIRECTORY ? "rmdir -- " + quoted() + " && " : "";
        FileWriter.run(call, remove + "ln -sfn -- " + Shell.quote(target) + " " + quoted(),
            "Error while linking " + path);
      }
      PathState now = PathState.read(call, path.value(), false);
      boolean attributesChanged = false;
      if (attributes.any() && follow && now.realPath().isPresent()) {
        PathState real = PathState.read(call, now.realPath().get(), false);
        // A link to nothing has no attributes to set, as Ansible warns.
        attributesChanged = real.exists() && apply(attributes.changes(real, false));
      } else if (attributes.any() && !follow) {
        attributesChanged = apply(attributes.changes(now, true));
      }
      fields.putAll(now.info());
      return linked(changed || attributesChanged, fields, changed && !before.exists());
    }

    ModuleResult hard(PathState before) {
      String target = source.orElseThrow(() -> new ModuleFailure("src is required for creating new hardlinks"));
      if (!target.startsWith("/")) {
        throw new ModuleFailure("src must be an absolute path", Map.of("dest", path.value(), "src", target));
      }
      PathState original = PathState.read(call, target, false);
      if (!original.exists()) {
        throw new ModuleFailure("src does not exist", Map.of("dest", path.value(), "src", target));
      }
      boolean changed = !before.exists() || !before.identity().equals(original.identity());
      if (changed && !force && before.exists() && before.kind() != PathState.Kind.LINK) {
        String what = before.ansibleState().equals("hard") ? "different hard link" : before.ansibleState();
        throw new ModuleFailure("Cannot link, " + what + " exists at destination",
            Map.of("dest", path.value(), "src", target));
      }
      Map<String, Object> fields = new LinkedHashMap<>(Map.of("dest", path.value(), "src", target));
      if (call.checkMode()) {
        return new ModuleResult(changed, false, "", fields, List.of());
      }
      if (changed) {
        String link = before.kind() == PathState.Kind.DIRECTORY
            ? "rmdir -- " + quoted() + " && ln -- " + Shell.quote(target) + " " + quoted()
            : "ln -f -- " + Shell.quote(target) + " " + quoted();
        FileWriter.run(call, link, "Error while linking " + path);
      }
      PathState now = PathState.read(call, path.value(), false);
      boolean attributesChanged = apply(attributes.changes(now, false));
      fields.putAll(attributesChanged ? PathState.read(call, path.value(), false).info() : now.info());
      return linked(changed || attributesChanged, fields, changed && !before.exists());
    }

    /** A link's result; one the task created is removed to undo it. */
    private ModuleResult linked(boolean changed, Map<String, Object> fields, boolean created) {
      return new ModuleResult(changed, false, "", fields,
          created ? List.of(new RemoveCreated(path.value())) : List.of());
    }

    /** Gives an existing {@code target} its attributes, plus {@code below} for what lies under it. */
    private ModuleResult settle(PathState target, List<String> below) {
      List<String> commands = new ArrayList<>(attributes.changes(target, false));
      commands.addAll(below);
      Map<String, Object> fields = new LinkedHashMap<>(Map.of("path", path.value()));
      if (commands.isEmpty()) {
        return ModuleResult.ok("").withFields(fields).withFields(target.info());
      }
      if (call.checkMode()) {
        return ModuleResult.changed("").withFields(fields).withFields(target.info());
      }
      fields.putAll(runAndDescribe(commands, target.path()).info());
      return ModuleResult.changed("").withFields(fields);
    }

    /**
     * The commands that give everything below {@code directory} (links excepted) its attributes,
     * worked out from one listing of the distinct owners, groups and modes found there.
     */
    private List<String> recursiveChanges(PathState directory) {
      if (!attributes.any()) {
        return List.of();
      }
      String top = Shell.quote(directory.path());
      String listing = "find " + top + " -mindepth 1 ! -type l -exec stat -c '%a|%F|%u|%U|%g|%G' {} + | sort -u";
      List<String> commands = new ArrayList<>();
      boolean owners = false;
      boolean groups = false;
      String found = FileWriter.run(call, listing, "could not list " + directory.path()).stdout();
      for (String line : found.lines().toList()) {
        String[] entry = line.split("\\|", -1);
        if (entry.length != 6) {
          continue;
        }
        owners |= attributes.owner().filter(o -> !o.equals(entry[3]) && !o.equals(entry[2])).isPresent();
        groups |= attributes.group().filter(g -> !g.equals(entry[5]) && !g.equals(entry[4])).isPresent();
        if (attributes.mode().isPresent()) {
          int mode = Integer.parseInt(entry[0], 8);
          boolean isDirectory = entry[1].equals("directory");
          int wanted = attributes.mode().get().apply(mode, isDirectory, directory.umask());
          if (wanted != mode) {
            commands.add("find " + top + " -mindepth 1 " + (isDirectory ? "-type d" : "! -type d ! -type l")
                + " -perm " + Integer.toOctalString(mode) + " -exec chmod " + Integer.toOctalString(wanted) + " {} +");
          }
        }
      }
      String everything = "find " + top + " -mindepth 1 ! -type l -exec ";
      if (owners) {
        commands.add(0, everything + "chown " + Shell.quote(attributes.owner().get()) + " {} +");
      }
      if (groups) {
        commands.add(0, everything + "chgrp " + Shell.quote(attributes.group().get()) + " {} +");
      }
      return commands;
    }

    /** Creates the directory and its missing parents, each with the attributes, and prints the topmost created. */
    private List<String> createDirectories(PathState absent) {
      String where = Shell.quote(absent.path());
      List<String> each = new ArrayList<>();
      attributes.owner().ifPresent(owner -> each.add("chown " + Shell.quote(owner) + " -- \"$d\""));
      attributes.group().ifPresent(group -> each.add("chgrp " + Shell.quote(group) + " -- \"$d\""));
      int initial = absent.newDirectoryMode();
      int wanted = attributes.mode().map(m -> m.apply(initial, true, absent.umask())).orElse(initial);
      if (wanted != initial) {
        each.add("chmod " + Integer.toOctalString(wanted) + " -- \"$d\"");
      }
      each.add("true");
      return List.of("top=''; d=" + where + "; while [ ! -e \"$d\" ] && [ ! -L \"$d\" ]; do top=$d;"
              + " d=$(dirname -- \"$d\"); done",
          "mkdir -p -- " + where,
          "if [ -n \"$top\" ]; then d=" + where + "; while :; do " + String.join(" && ", each) + " || exit 1;"
              + " [ \"$d\" = \"$top\" ] && break; d=$(dirname -- \"$d\"); done; fi",
          "printf 'created=%s\\n' \"$top\"");
    }

    private boolean apply(List<String> commands) {
      if (commands.isEmpty()) {
        return false;
      }
      FileWriter.run(call, String.join(" && ", commands), "could not set the owner, group or mode of " + path);
      return true;
    }

    private PathState runAndDescribe(List<String> commands) {
      return runAndDescribe(commands, path.value());
    }

    private PathState runAndDescribe(List<String> commands, String described) {
      return PathState.parse(List.of(described), runThenDescribe(commands, described)).get(0);
    }

    /** Runs {@code commands}, then prints the facts of {@code described}; returns all the output. */
    private String runThenDescribe(List<String> commands, String described) {
      String script = PathState.DESCRIBE_FUNCTION + String.join(" && ", commands) + " && describe "
          + Shell.quote(described);
      return FileWriter.run(call, script, "could not change " + path).stdout();
    }

    private PathState followed(PathState before) {
      if (follow && before.kind() == PathState.Kind.LINK && before.realPath().isPresent()) {
        return PathState.read(call, before.realPath().get(), false);
      }
      return before;
    }

    private static boolean isFile(PathState state) {
      return state.kind() == PathState.Kind.FILE || state.kind() == PathState.Kind.OTHER;
    }

    private String quoted() {
      return Shell.quote(path.value());
    }

    private String parent() {
      int slash = path.value().lastIndexOf('/');
      return slash <= 0 ? "" : path.value().substring(0, slash);
    }
  }
}
