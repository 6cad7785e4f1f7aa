package dev.orchestrate.core.report;

import dev.orchestrate.core.executor.RunListener;
import dev.orchestrate.core.executor.TaskOutcome;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A run's folder on this machine ({@code .orchestrate/runs/RUN/} beside the cluster.yaml): its
 * events as JSON lines, and per node a log of every task's output (command, exit status,
 * standard output and error), redacted. The journal, which rollback reads, is on the cluster;
 * this folder is for the person investigating.
 */
public final class RunFolder implements RunListener, AutoCloseable {
  private final Path directory;
  private final Redactor redactor;
  private final PrintWriter eventsFile;
  private final JsonEvents events;

  private RunFolder(Path directory, Redactor redactor, PrintWriter eventsFile, String run) {
    this.directory = directory;
    this.redactor = redactor;
    this.eventsFile = eventsFile;
    this.events = new JsonEvents(eventsFile, run, redactor);
  }

  public static RunFolder create(Path clusterFile, String run, Redactor redactor) {
    Path parent = clusterFile.toAbsolutePath().getParent();
    Path directory = parent.resolve(".orchestrate").resolve("runs").resolve(run);
    try {
      Files.createDirectories(directory.resolve("output"));
      PrintWriter events = new PrintWriter(Files.newBufferedWriter(directory.resolve("events.jsonl"), StandardCharsets.UTF_8));
      return new RunFolder(directory, redactor, events, run);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the run's folder " + directory, e);
    }
  }

  public Path directory() {
    return directory;
  }

  public JsonEvents events() {
    return events;
  }

  @Override
  public void phaseStarted(dev.orchestrate.core.graph.Phase phase) {
    events.phaseStarted(phase);
  }

  @Override
  public void taskStarted(dev.orchestrate.core.graph.Vertex vertex, String title) {
    events.taskStarted(vertex, title);
  }

  @Override
  public void taskProgress(dev.orchestrate.core.graph.Vertex vertex, String message) {
    events.taskProgress(vertex, message);
  }

  @Override
  public void stopped(String why) {
    events.stopped(why);
  }

  @Override
  public synchronized void taskFinished(TaskOutcome outcome) {
    events.taskFinished(outcome);
    StringBuilder entry = new StringBuilder("=== ").append(outcome.vertex().id()).append(' ').append(outcome.title())
        .append(" — ").append(outcome.status().word()).append(" after ").append(outcome.elapsed().toMillis()).append(" ms\n");
    if (!outcome.message().isEmpty()) {
      entry.append(outcome.message()).append('\n');
    }
    for (Map.Entry<String, Object> field : outcome.result().entrySet()) {
      if (field.getKey().equals("cmd") || field.getKey().equals("rc") || field.getKey().equals("stdout")
          || field.getKey().equals("stderr")) {
        entry.append("--- ").append(field.getKey()).append('\n').append(field.getValue()).append('\n');
      }
    }
    try {
      Files.writeString(directory.resolve("output").resolve(outcome.node() + ".log"), redactor.apply(entry.toString()),
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the output of " + outcome.node(), e);
    }
  }

  @Override
  public void close() {
    eventsFile.close();
  }
}
