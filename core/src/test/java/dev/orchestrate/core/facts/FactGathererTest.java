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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FactGathererTest {
  private final Topology topology = TestTopologies.threeNodes();

  @Test
  void connectsToEveryHostFirstThenRunsOneScriptPerNode() {
    RecordingTransport transport = new RecordingTransport()
        .respond("*", "orchestrate facts", 0, ScriptOutputs.SERVER)
        .respond("node2", "orchestrate facts", 0, ScriptOutputs.BARE);

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
          return new CommandResult(0, ScriptOutputs.with(ScriptOutputs.BARE, "installed", String.valueOf(together)), "",
              false, Duration.ZERO);
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
    transport.recording.respond("*", "orchestrate facts", 0, ScriptOutputs.SERVER);

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
    transport.recording.respond("*", "orchestrate facts", 0, ScriptOutputs.SERVER);

    Facts facts = FactGatherer.create(transport).gather(topology);

    assertThat(facts.node("node3").unreachableReason()).contains("timed out after 90s");
    assertThat(facts.node("node1").reachable()).isTrue();
  }

  /**
   * Scripts that failed, and output that is not the script's: each must leave its node unread,
   * never read as a host with nothing on it, which would plan a copy over a live node.
   */
  static Stream<Arguments> unreadable() {
    String server = ScriptOutputs.SERVER;
    return Stream.of(
        Arguments.of("sudo asks for a password", 1, "", "sudo: a password is required\n",
            List.of("status 1", "sudo: a password is required")),
        Arguments.of("sudo refuses the command", 1, "",
            "Sorry, user admin is not allowed to execute '/bin/sh -c ...' as root on node2.\n",
            List.of("status 1", "Sorry, user admin is not allowed to execute")),
        Arguments.of("a shell error", 2, "facts=begin\ninstalled=true\n",
            "sh: 12: Syntax error: Unterminated quoted string\n", List.of("status 2", "Syntax error")),
        Arguments.of("no shell at all", 127, "sh: 1: /bin/sh: not found\n", "", List.of("status 127", "not found")),
        Arguments.of("empty output", 0, "", "", List.of("printed nothing")),
        Arguments.of("garbage", 0, "<html><body>502 Bad Gateway</body></html>\n", "",
            List.of("no facts=begin", "502 Bad Gateway")),
        Arguments.of("output cut short", 0, server.substring(0, server.indexOf("free_kb.")), "",
            List.of("stops before facts=end", "cut short")),
        Arguments.of("a line that is not key=value", 0, ScriptOutputs.with(server, "state", "RUNNING\ncurl: (7) x"), "",
            List.of("not key=value", "curl: (7) x")),
        Arguments.of("a flag that is neither true nor false", 0, ScriptOutputs.with(server, "installed", "yes"), "",
            List.of("installed='yes', not true or false")),
        Arguments.of("a fact missing", 0, ScriptOutputs.with(server, "pid_alive", null), "",
            List.of("printed no pid_alive")),
        Arguments.of("a fact printed twice", 0, ScriptOutputs.with(server, "home_exists", "true\nhome_exists=false"), "",
            List.of("printed home_exists twice")),
        Arguments.of("a size that is not a number", 0, ScriptOutputs.with(server, "home_kb", "12abc"), "",
            List.of("home_kb='12abc', not a number of kilobytes")),
        Arguments.of("a license edition the script never prints", 0,
            ScriptOutputs.with(server, "license_edition", "enterprise"), "", List.of("license_edition='enterprise'")),
        Arguments.of("an owner without a mode", 0, ScriptOutputs.with(server, "owner.local_home", "confluence /x"), "",
            List.of("owner.local_home='confluence /x', not user:group mode path")),
        Arguments.of("a service user without its source", 0, ScriptOutputs.with(server, "service_user_from", ""), "",
            List.of("service_user 'confluence' learnt from ''")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unreadable")
  void aNodeWhoseScriptFailedOrPrintedWhatIsNotItsOutputIsUnreadNamingTheNodeAndTheError(String why, int status,
      String stdout, String stderr, List<String> said) {
    Faulty transport = new Faulty();
    transport.recording.respond("*", "orchestrate facts", 0, ScriptOutputs.SERVER);
    transport.results.put("node2", new CommandResult(status, stdout, stderr, false, Duration.ZERO));

    Facts facts = FactGatherer.create(transport).gather(topology);

    NodeFacts second = facts.node("node2");
    assertThat(second.reachable()).isFalse();
    assertThat(second.installed()).isFalse();
    assertThat(second.unreachableReason()).hasValueSatisfying(reason ->
        assertThat(reason).contains("the facts script on node2").contains(said).contains("nothing was read"));
    assertThat(facts.node("node1").reachable()).isTrue();
    assertThat(facts.node("node3").installed()).isTrue();
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
    /** What a host's command ends with, instead of what the recording answers. */
    final Map<String, CommandResult> results = new ConcurrentHashMap<>();
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
      CommandResult result = recording.run(host, command);
      return results.getOrDefault(host.name(), result);
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
