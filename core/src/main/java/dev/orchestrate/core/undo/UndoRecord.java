package dev.orchestrate.core.undo;

import java.util.Map;
import java.util.Optional;

/**
 * What a rollback needs to put back one change a step made, as the journal keeps it: the step
 * records it before it changes anything ({@code ModuleCall.intend}) and again, completed, when it
 * ends. A record therefore may describe a change that never happened (the step was killed before
 * it); undoing it must then find nothing to do, and every kind checks first whether there is.
 *
 * <p>Each record is a JSON object with a {@code kind} ({@link #toJson()}, {@link #fromJson});
 * the kinds are the ones earlier versions wrote as plain maps, so their journals read the same.
 * A record never holds a secret: it names paths, checksums and states only.
 */
public sealed interface UndoRecord
    permits RestoreFile, SetAside, RemoveCreated, MoveBack, ServiceWas, SynchronyWas, BackupKept {

  /** How far undoing a record reaches, which decides what the rollback stops first. */
  enum Reach {
    /** Nothing is changed: what a node or a backup was, for the rollback's own decisions. */
    NOTHING,
    /** A process is stopped; Confluence on the node may go on running. */
    PROCESS,
    /** Files of this node that Confluence reads: the node's Confluence must be stopped meanwhile. */
    NODE,
    /** The shared home, which every node reads: the node must be stopped, and the others stay as they are. */
    SHARED_HOME
  }

  /** The kind as the journal writes it, such as {@code restore_file}. */
  String kind();

  /** What undoing it does, for the plan: {@code restore /x from /x.orchestrate-RUN}. */
  String describe();

  Reach reach();

  /** The record as the journal keeps it, its {@code kind} first. */
  Map<String, Object> toJson();

  /**
   * This record and {@code later}, recorded afterwards by the same task, as one record when they
   * describe one change (the intent and the end record of one step, or two attempts of a move).
   */
  default Optional<UndoRecord> mergedWith(UndoRecord later) {
    return equals(later) ? Optional.of(this) : Optional.empty();
  }

  /**
   * The record a journal kept, in this version's format or an earlier one's.
   *
   * @throws IllegalArgumentException naming what is wrong: no kind, an unknown kind, a missing field
   */
  static UndoRecord fromJson(Map<?, ?> json) {
    JsonFields fields = new JsonFields(json);
    String kind = fields.text("kind");
    return switch (kind) {
      case RestoreFile.KIND -> RestoreFile.fromJson(fields);
      case SetAside.KIND_COPY, SetAside.KIND_CREATED -> SetAside.fromJson(kind, fields);
      case RemoveCreated.KIND -> RemoveCreated.fromJson(fields);
      case MoveBack.KIND -> MoveBack.fromJson(fields);
      case ServiceWas.KIND -> ServiceWas.fromJson(fields);
      case SynchronyWas.KIND -> SynchronyWas.fromJson(fields);
      case BackupKept.KIND -> BackupKept.fromJson(fields);
      case "" -> throw new IllegalArgumentException(json.containsKey("items")
          ? "a loop's record holds its items' records; each is read on its own (UndoRecords.read)"
          : "an undo record needs a kind, such as restore_file; this one has none: " + json.keySet());
      default -> throw new IllegalArgumentException("no undo record of kind '" + kind + "'; the kinds are"
          + " restore_file, remove_copy, remove_file, remove_path, move, service, synchrony and backup");
    };
  }
}
