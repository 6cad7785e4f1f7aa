package dev.orchestrate.benchmarks;

import dev.orchestrate.core.compiler.Compiler;
import dev.orchestrate.core.facts.Facts;
import dev.orchestrate.core.graph.TaskGraph;
import dev.orchestrate.core.template.Templar;
import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.playbooks.BuiltInPlaybooks;
import dev.orchestrate.playbooks.Hosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long the compiler takes to turn a topology and its facts into a task graph: a Server node
 * and N-1 bare hosts, compiled into the whole Server to Data Center migration. The playbooks
 * are parsed once, as in a real run; facts gathering (SSH) is not part of it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CompilerBenchmark {
  @Param({"3", "100", "1000"})
  public int nodes;

  private Compiler compiler;
  private Topology topology;
  private Facts facts;

  @Setup
  public void setUp() throws IOException {
    Path dir = Files.createTempDirectory("orchestrate-benchmark-");
    topology = Hosts.topology(dir, nodes, "datacenter");
    facts = Hosts.serverOnFirst(topology);
    compiler = Compiler.create(BuiltInPlaybooks.create(), Templar.create(new Environment(Map.of(), dir, "bench"), dir));
  }

  @Benchmark
  public TaskGraph compileServerToDataCenter() {
    return compiler.compile(topology, facts).graph();
  }
}
