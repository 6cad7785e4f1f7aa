package dev.orchestrate.core.module.builtin;

import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.CopyException;
import java.util.Map;

/**
 * The file {@code lineinfile} and {@code replace} edit: the path given, or what it links to,
 * since both write through a link rather than replace it.
 */
final class EditedFile {
  static final int MAX_BYTES = 64 * 1024 * 1024;

  private EditedFile() {}

  /** The state of the file behind {@code path}; fails, as Ansible does, when it is a directory. */
  static PathState resolve(ModuleCall call, RemotePath path) {
    PathState state = PathState.read(call, path.value(), false);
    if (state.kind() == PathState.Kind.LINK && state.realPath().isPresent()) {
      state = PathState.read(call, state.realPath().get(), false);
    }
    if (state.kind() == PathState.Kind.DIRECTORY) {
      throw new ModuleFailure("Path " + path + " is a directory !", Map.of("rc", 256));
    }
    return state;
  }

  static byte[] content(ModuleCall call, PathState file) {
    try {
      return call.download(RemotePath.of(file.path()), MAX_BYTES)
          .orElseThrow(() -> new ModuleFailure(file.path() + " is not a regular file that can be read"));
    } catch (CopyException e) {
      throw new ModuleFailure("could not read " + file.path() + ": " + e.getMessage());
    }
  }
}
