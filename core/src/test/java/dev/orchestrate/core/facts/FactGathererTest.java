package dev.orchestrate.core.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.CommandTimeoutException;
import dev.orchestrate.core.transport.CopyListener;
import dev.orchestrate.core.transport.CopyReport;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.HostKeyException;
import dev.orchestrate.core.transport.RecordingTransport;
import dev.orchestrate.core.transport.Transport;
import dev.orchestrate.core.transport.TransportException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FactGathererTest {
  private final Topology topology = TestTopologies.threeNodes();

  @Test
  void connectsToEveryHostFirstThenRunsOneScriptPerNode() {
    RecordingTransport transport = new RecordingTransport()
        .respond("*", "orchestrate facts", 0, "installed=true\n")
        .respond("node2", "orchestrate facts", 0, "installed=false\n");

    Facts facts = FactGatherer.create(transport).gather(topology);

    assertThat(List.copyOf(facts.nodes().keySet())).containsExactly("node1", "node2", "node3");
    assertThat(facts.nodes().values()).extracting(NodeFacts::installed).containsExactly(true, false, true);
    List<RecordingTransport.Call> calls = transport.calls();
    assertThat(calls.subList(0, 3)).extracting(RecordingTransport.Call::kind).containsOnly("connect");
    assertThat(calls.subList(0, 3)).extracting(RecordingTransport.Call::detail)
        .containsExactly("10.0.0.11", "10.0.0.12", "10.0.0.13");
    assertThat(calls.subList(3, calls.size())).extracting(RecordingTransport.Call::kind).containsOnly("run");
    for (String node : List.of("node1", "node2", "node3")) {
      assertThat(transport.scripts(node)).hasSize(1);
    }
  }

  @Test
  void eachNodesScriptNamesThatNodesPaths() {
    RecordingTransport transport = new RecordingTransport();

    FactGatherer.create(transport).gather(topology);

    assertThat(transport.scripts("node3").get(0))
        .contains("install=/opt/atlassian/confluence\n", "home=/var/atlassian/application-data/confluence\n",
            "shared=/media/shared\n", "status_url=http://10.0.0.13:8090/status\n");
  }

  @Test
  void readsEveryNodeAtTheSameTime() {
    CountDownLatch allRunning = new CountDownLatch(3);
    Faulty transport = new Faulty() {
      @Override
      public CommandResult run(Host host, Command command) {
        allRunning.countDown();
        try {
          boolean together = allRunning.await(5, TimeUnit.SECONDS);
          return new CommandResult(0, "installed=" + together + "\n", "", false, Duration.ZERO);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    };

    Facts facts = FactGatherer.create(transport).gather(topology);

    assertThat(facts.nodes().values()).extracting(NodeFacts::installed).containsOnly(true);
  }

  @Test
  void aHostThatCannotBeReachedIsUnreachableWithTheReasonAndTheOthersAreRead() {
    Faulty transport = new Faulty();
    transport.connectFailure = new TransportException("node2", "node2 (tester@10.0.0.12:22): connection refused");
    transport.runFailures.put("node2", new TransportException("node2", "node2 (tester@10.0.0.12:22): connection refused"));
    transport.recording.respond("*", "orchestrate facts", 0, "installed=true\n");

    Facts facts = FactGatherer.create(transport).gather(topology);

    NodeFacts second = facts.node("node2");
    assertThat(second.reachable()).isFalse();
    assertThat(second.unreachableReason()).contains("node2 (tester@10.0.0.12:22): connection refused");
    assertThat(second.installed()).isFalse();
    assertThat(facts.node("node1").reachable()).isTrue();
    assertThat(facts.node("node1").installed()).isTrue();
    assertThat(facts.node("node3").installed()).isTrue();
  }

  @Test
  void aScriptThatRunsOutOfTimeLeavesItsNodeUnreachable() {
    Faulty transport = new Faulty();
    transport.runFailures.put("node3", new CommandTimeoutException("node3", "timed out after 90s", List.of()));

    Facts facts = FactGatherer.create(transport).gather(topology);

    assertThat(facts.node("node3").unreachableReason()).contains("timed out after 90s");
    assertThat(facts.node("node1").reachable()).isTrue();
  }

  @Test
  void aScriptThatFailsLeavesItsNodeUnreachableWithItsLastLines() {
    RecordingTransport transport = new RecordingTransport()
        .respond("node1", "orchestrate facts", 127, "sh: 1: /bin/sh: not found\n");

    Facts facts = FactGatherer.create(transport).gather(topology);

    assertThat(facts.node("node1").unreachableReason()).hasValueSatisfying(reason ->
        assertThat(reason).contains("status 127", "/bin/sh: not found"));
    assertThat(facts.node("node2").reachable()).isTrue();
  }

  @Test
  void anUntrustedHostStopsTheRunBeforeAnyScript() {
    Faulty transport = new Faulty();
    transport.connectFailure = untrusted("node2");

    assertThatThrownBy(() -> FactGatherer.create(transport).gather(topology)).isSameAs(transport.connectFailure);
    assertThat(transport.recording.calls()).noneMatch(call -> call.kind().equals("run"));
  }

  @Test
  void anUntrustedHostFoundAmongOtherFailuresStopsTheRun() {
    Faulty transport = new Faulty();
    HostKeyException untrusted = untrusted("node3");
    transport.connectFailure = new TransportException("node1", "2 hosts cannot be used:\n...", untrusted);
    transport.runFailures.put("node1", new TransportException("node1", "connection refused"));
    transport.runFailures.put("node3", untrusted);

    assertThatThrownBy(() -> FactGatherer.create(transport).gather(topology)).isSameAs(untrusted);
  }

  private static HostKeyException untrusted(String node) {
    return new HostKeyException(node, HostKeyException.Problem.CHANGED, "SHA256:abc", "line",
        node + " presented a different host key");
  }

  /** A recording transport that fails as told: at connect, or when running on some hosts. */
  private static class Faulty implements Transport {
    final RecordingTransport recording = new RecordingTransport();
    final Map<String, TransportException> runFailures = new ConcurrentHashMap<>();
    volatile TransportException connectFailure;

    @Override
    public void connect(Collection<Host> hosts) {
      recording.connect(hosts);
      if (connectFailure != null) {
        throw connectFailure;
      }
    }

    @Override
    public CommandResult run(Host host, Command command) {
      TransportException failure = runFailures.get(host.name());
      if (failure != null) {
        throw failure;
      }
      return recording.run(host, command);
    }

    @Override
    public void upload(Host host, RemotePath target, byte[] content, int mode) {
      throw new AssertionError("facts never write");
    }

    @Override
    public Optional<byte[]> download(Host host, RemotePath source, int maxBytes) {
      return recording.download(host, source, maxBytes);
    }

    @Override
    public CopyReport copyTree(Host source, RemotePath from, Host target, RemotePath to, CopyListener listener) {
      throw new AssertionError("facts never copy");
    }

    @Override
    public void close() {
      recording.close();
    }
  }
}
