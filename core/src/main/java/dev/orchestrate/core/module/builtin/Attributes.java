package dev.orchestrate.core.module.builtin;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.transport.Shell;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;


/** The {@code mode}, {@code owner} and {@code group} a task asks of a path, as every file-writing module takes them. */
record Attributes(Optional<FileMode> mode, Optional<String> owner, Optional<String> group) {
  /** What Ansible appends to {@code msg} when only these changed. */
  static final String CHANGED_MESSAGE = "ownership, perms or SE linux context changed";

  Attributes {
    requireNonNull(mode, "mode");
    requireNonNull(owner, "owner");
    requireNonNull(group, "group");
  }

  static Attributes from(ModuleCall call) {
    return from(call, Optional.empty());
  }

  /** @param source the controller file copied, whose mode {@code mode: preserve} stands for */
  static Attributes from(ModuleCall call, Optional<Path> source) {
    Object written = call.arguments().get("mode");
    Optional<FileMode> mode = Optional.empty();
    if ("preserve".equals(written)) {
      Path file = source.orElseThrow(
          () -> new ModuleFailure("mode: preserve keeps the mode of src, so it needs src (a file on the controller)"));
      mode = Optional.of(FileMode.of(ControllerFiles.mode(file)));
    } else if (written != null) {
      mode = Optional.of(FileMode.parse(written));
    }
    return new Attributes(mode, Arguments.optional(call, "owner"), Arguments.optional(call, "group"));
  }

  /** Whether the task asks for any attribute at all. */
  boolean any() {
    return mode.isPresent() || owner.isPresent() || group.isPresent();
  }

  /** The mode {@code state}'s path ends with, starting from {@code current}. */
  int wantedMode(PathState state, int current) {
    return mode.map(m -> m.apply(current, state.kind() == PathState.Kind.DIRECTORY, state.umask())).orElse(current);
  }

  boolean ownerDiffers(PathState state) {
    return owner.filter(o -> !o.equals(state.owner()) && !o.equals(state.uid())).isPresent();
  }

  boolean groupDiffers(PathState state) {
    return group.filter(g -> !g.equals(state.group()) && !g.equals(state.gid())).isPresent();
  }

  /**
   * The commands that give the existing path of {@code state} these attributes; empty when it has
   * them. With {@code noDereference}, a link itself gets the owner and group (a link has no mode of
   * its own to set).
   */
  List<String> changes(PathState state, boolean noDereference) {
    List<String> commands = new ArrayList<>();
    String path = Shell.quote(state.path());
    String links = noDereference ? "-h " : "";
    if (ownerDiffers(state)) {
      commands.add("chown " + links + Shell.quote(owner.orElseThrow()) + " -- " + path);
    }
    if (groupDiffers(state)) {
      commands.add("chgrp " + links + Shell.quote(group.orElseThrow()) + " -- " + path);
    }
    boolean linkItself = noDereference && state.kind() == PathState.Kind.LINK;
    int wanted = wantedMode(state, state.mode());
    if (!linkItself && mode.isPresent() && wanted != state.mode()) {
      commands.add("chmod " + Integer.toOctalString(wanted) + " -- " + path);
    }
    return commands;
  }

  static String message(String message, boolean attributesChanged) {
    if (!attributesChanged) {
      return message;
    }
    return message.isEmpty() ? CHANGED_MESSAGE : message + " and " + CHANGED_MESSAGE;
  }
}
