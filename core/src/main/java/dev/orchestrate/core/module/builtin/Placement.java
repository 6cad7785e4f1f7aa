package dev.orchestrate.core.module.builtin;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.topology.RemotePath;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts whole content at {@code dest}, as {@code copy} and {@code template} share it: a {@code dest}
 * that is a directory (or ends with {@code /}) receives the file under the source's name; the
 * file changes only when its SHA-1 differs (Ansible's {@code checksum}, computed by {@code
 * sha1sum} on the host); {@code force: no} leaves an existing file alone; {@code follow: yes}
 * writes through a link at {@code dest} rather than replacing it.
 */
record Placement(String dest, byte[] content, Optional<String> sourceName, Attributes attributes, boolean backup,
    boolean force, boolean follow) {
  Placement {
    requireNonNull(dest, "dest");
    content = content.clone();
    requireNonNull(sourceName, "sourceName");
    requireNonNull(attributes, "attributes");
  }

  /** From the {@code dest}, {@code backup}, {@code force} and {@code follow} arguments. */
  static Placement of(ModuleCall call, byte[] content, Optional<String> sourceName, Attributes attributes) {
    return new Placement(Arguments.required(call, "dest"), content, sourceName, attributes,
        Arguments.flag(call, "backup", false), Arguments.flag(call, "force", true),
        Arguments.flag(call, "follow", false));
  }

  ModuleResult place(ModuleCall call) {
    boolean intoDirectory = dest.endsWith("/");
    RemotePath destination = Arguments.path(dest, "dest");
    List<String> paths = sourceName.map(name -> List.of(destination.value(), destination.resolve(name).value()))
        .orElse(List.of(destination.value()));
    List<PathState> states = PathState.read(call, paths, true);
    PathState target = states.get(0);
    boolean makeParent = false;
    if (intoDirectory || target.kind() == PathState.Kind.DIRECTORY) {
      if (sourceName.isEmpty()) {
        throw new ModuleFailure("can not use content with a dir as dest");
      }
      if (target.exists() && target.kind() != PathState.Kind.DIRECTORY) {
        throw new ModuleFailure("dest " + dest + " ends with / but is not a directory");
      }
      makeParent = !target.exists();
      target = states.get(1);
    } else if (!target.parentExists()) {
      throw new ModuleFailure("Destination directory " + parent(destination) + " does not exist");
    }
    if (follow && target.kind() == PathState.Kind.LINK && target.realPath().isPresent()) {
      target = PathState.read(call, target.realPath().get(), true);
    }
    if (target.kind() == PathState.Kind.DIRECTORY) {
      throw new ModuleFailure("dest " + target.path() + " is a directory; there is no file name to write");
    }
    String checksum = sha1(content);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("dest", target.path());
    sourceName.ifPresent(name -> fields.put("src", name));
    if (target.exists() && !force) {
      return ModuleResult.ok("").withFields(fields).withFields(target.info());
    }
    boolean differs = target.kind() != PathState.Kind.FILE || !target.sha1().equals(Optional.of(checksum));
    FileWriter.Outcome outcome = FileWriter.write(call, target, differs ? Optional.of(content) : Optional.empty(),
        attributes, backup, makeParent);
    fields.putAll(outcome.info());
    fields.put("checksum", checksum);
    fields.put("size", (long) content.length);
    outcome.backupFile().ifPresent(file -> fields.put("backup_file", file));
    return new ModuleResult(differs || outcome.attributesChanged(), false, "", fields, outcome.undo());
  }

  static String sha1(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }

  private static String parent(RemotePath path) {
    int slash = path.value().lastIndexOf('/');
    return slash <= 0 ? "/" : path.value().substring(0, slash);
  }
}
