package dev.orchestrate.core.module.confluence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.confluence.ConfluenceNode.Observation;
import dev.orchestrate.core.module.confluence.ConfluenceNode.Watch;
import dev.orchestrate.core.module.confluence.RemoteScript.BadArgument;
import dev.orchestrate.core.module.confluence.ServicePlan.Act;
import dev.orchestrate.core.module.confluence.ServicePlan.Outcome;
import dev.orchestrate.core.module.confluence.ServicePlan.Settled;
import dev.orchestrate.core.module.confluence.ServicePlan.Wanted;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.undo.ServiceWas;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * confluence_service's decisions, with no host: what one look at a node and the wanted state make
 * it do, and what each step's commands ending one way or another mean for the task.
 */
class ServicePlanTest {
  private static final ConfluenceNode NODE = new ConfluenceNode(RemotePath.of("/opt/atlassian/confluence"),
      RemotePath.of("/var/atlassian/application-data/confluence"), "http://10.0.0.11:8090/status", false,
      "confluence.service", 0);
  private static final Observation STOPPED = new Observation("-", "", false);
  private static final Observation STALE_PID_FILE = new Observation("-", "4711", false);
  private static final Observation RUNNING = new Observation("RUNNING", "4711", true);
  private static final Observation STARTING = new Observation("STARTING", "", false);
  private static final Observation NOT_ANSWERING_YET = new Observation("-", "4711", true);
  private static final Observation IN_ERROR = new Observation("ERROR", "4711", true);
  private static final Observation STOPPING = new Observation("STOPPING", "4711", true);
  private static final Observation SOMETHING_ELSE = new Observation("?", "", false);

  @Test
  void aRunningNodeIsStartedAlready() {
    assertThat(settled(Wanted.STARTED, RUNNING, false))
        .isEqualTo(Outcome.done(false, "Confluence is RUNNING already", "running"));
  }

  @Test
  void aStoppedNodeIsLaunchedAndWatched() {
    Act act = act(Wanted.STARTED, STOPPED);

    assertThat(act.stop()).isEmpty();
    assertThat(act.start().orElseThrow().launches()).isTrue();
    assertThat(act.start().orElseThrow().intent()).isEqualTo(ServiceWas.of("stopped"));
    assertThat(act.started(Optional.empty(), Outcome.done(true, "Confluence is RUNNING after 2.0 s", "running")))
        .isEqualTo(Outcome.done(true, "Confluence is RUNNING after 2.0 s", "running"));
  }

  @Test
  void aPidFileWhoseProcessIsGoneDoesNotKeepANodeFromStarting() {
    Act act = act(Wanted.STARTED, STALE_PID_FILE);

    assertThat(act.start().orElseThrow().launches()).isTrue();
    assertThat(act.start().orElseThrow().intent()).isEqualTo(ServiceWas.of("stopped"));
  }

  static Stream<Arguments> nodesOnTheirWayUp() {
    return Stream.of(
        Arguments.of(STARTING, "/status STARTING, no PID file"),
        Arguments.of(NOT_ANSWERING_YET, "no answer on http://10.0.0.11:8090/status, process 4711 alive"),
        Arguments.of(new Observation("FIRST_RUN", "4711", true), "/status FIRST_RUN, process 4711 alive"),
        Arguments.of(new Observation("?", "4711", true),
            "http://10.0.0.11:8090/status answers without a state, process 4711 alive"));
  }

  @ParameterizedTest
  @MethodSource("nodesOnTheirWayUp")
  void aNodeOnItsWayUpIsWatchedAndNeverLaunchedTwice(Observation before, String described) {
    ServicePlan.Start start = act(Wanted.STARTED, before).start().orElseThrow();

    assertThat(start.launches()).isFalse();
    assertThat(start.watched(NODE, watch(0, "state RUNNING 3\n"), 3.04))
        .isEqualTo(Outcome.done(false, "Confluence was starting already (" + described
            + "); Confluence is RUNNING after 3.0 s", "running"));
    assertThat(start.watched(NODE, watch(2, "state ERROR 4\n"), 4))
        .as("a node only watched changed nothing, even when it failed").extracting(Outcome::acted).isEqualTo(false);
  }

  @Test
  void anotherProgramOnThePortIsRefusedWithoutALaunch() {
    Outcome refused = settled(Wanted.STARTED, SOMETHING_ELSE, false);

    assertThat(refused.ok()).isFalse();
    assertThat(refused.acted()).isFalse();
    assertThat(refused.state()).isEqualTo("unknown");
    assertThat(refused.message()).isEqualTo("http://10.0.0.11:8090/status answers, but not as Confluence does, and"
        + " no process of /opt/atlassian/confluence runs (http://10.0.0.11:8090/status answers without a state, no"
        + " PID file): another program holds the port; stop it, then apply again");
  }

  @Test
  void aNodeInErrorIsStoppedThenLaunchedFromStopped() {
    Act act = act(Wanted.STARTED, IN_ERROR);

    assertThat(act.stop().orElseThrow().intent()).isEqualTo(ServiceWas.of("error"));
    assertThat(act.stop().orElseThrow().watchedPid()).isEqualTo("4711");
    assertThat(act.start().orElseThrow().launches()).isTrue();
    Outcome stopped = Outcome.done(true, "Confluence stopped after 1.0 s", "stopped");
    assertThat(act.startsAfter(stopped)).isTrue();
    assertThat(act.started(Optional.of(stopped), Outcome.failed(true, "Confluence went to ERROR", "ERROR")))
        .isEqualTo(Outcome.failed(true, "Confluence was in ERROR (/status ERROR, process 4711 alive), so it was"
            + " stopped and started again: Confluence stopped after 1.0 s; Confluence went to ERROR", "ERROR"));
  }

  @Test
  void aNodeStoppingThatCannotBeStoppedIsNotStarted() {
    Act act = act(Wanted.STARTED, STOPPING);
    Outcome notStopped = Outcome.failed(true, "Confluence did not stop within 180 s: pid 4711 still alive",
        "STOPPING");

    assertThat(act.startsAfter(notStopped)).isFalse();
    assertThat(act.stopped(notStopped)).isEqualTo(Outcome.failed(true, "Confluence was STOPPING (/status STOPPING,"
        + " process 4711 alive); stopping it to start it again: Confluence did not stop within 180 s: pid 4711 still"
        + " alive", "STOPPING"));
  }

  static Stream<Arguments> checkMode() {
    String now = "no answer on http://10.0.0.11:8090/status, no PID file";
    return Stream.of(
        Arguments.of(Wanted.STARTED, STOPPED, Outcome.done(true, "would start Confluence (now: " + now + ")",
            "stopped")),
        Arguments.of(Wanted.STARTED, IN_ERROR, Outcome.done(true, "Confluence was in ERROR (/status ERROR, process"
            + " 4711 alive); would stop it and start it again", "ERROR")),
        Arguments.of(Wanted.STARTED, STOPPING, Outcome.done(true, "Confluence was STOPPING (/status STOPPING,"
            + " process 4711 alive); would stop it and start it again", "ERROR")),
        Arguments.of(Wanted.STARTED, SOMETHING_ELSE, Outcome.done(true, "would start Confluence (now:"
            + " http://10.0.0.11:8090/status answers without a state, no PID file)", "unknown")),
        Arguments.of(Wanted.STARTED, RUNNING, Outcome.done(false, "Confluence is RUNNING already", "running")),
        Arguments.of(Wanted.STOPPED, RUNNING, Outcome.done(true, "would stop Confluence (now: /status RUNNING,"
            + " process 4711 alive)", "running")),
        Arguments.of(Wanted.STOPPED, STOPPED, Outcome.done(false, "Confluence is stopped already", "stopped")),
        Arguments.of(Wanted.RESTARTED, STOPPED, Outcome.done(true, "would restart Confluence (now: " + now + ")",
            "stopped")),
        Arguments.of(Wanted.RESTARTED, STARTING, Outcome.done(true, "would restart Confluence (now: /status"
            + " STARTING, no PID file)", "STARTING")));
  }

  @ParameterizedTest
  @MethodSource("checkMode")
  void checkModeSettlesFromTheLookAlone(Wanted wanted, Observation before, Outcome expected) {
    Outcome outcome = settled(wanted, before, true);

    assertThat(outcome).isEqualTo(expected);
    assertThat(outcome.result(before, true, 0.1).undo()).as("check mode records nothing").isEmpty();
  }

  static Stream<Arguments> stoppedAlready() {
    return Stream.of(Arguments.of(STOPPED), Arguments.of(STALE_PID_FILE));
  }

  @ParameterizedTest
  @MethodSource("stoppedAlready")
  void aNodeProvenStoppedIsLeftAlone(Observation before) {
    assertThat(settled(Wanted.STOPPED, before, false))
        .isEqualTo(Outcome.done(false, "Confluence is stopped already", "stopped"));
  }

  /** Anything up, serving or not, is stopped, recorded as what it was. */
  static Stream<Arguments> nodesToStop() {
    return Stream.of(
        Arguments.of(RUNNING, ServiceWas.State.RUNNING, "4711"),
        Arguments.of(STARTING, ServiceWas.State.STARTING, ""),
        Arguments.of(NOT_ANSWERING_YET, ServiceWas.State.STARTING, "4711"),
        Arguments.of(STOPPING, ServiceWas.State.STARTING, "4711"),
        Arguments.of(SOMETHING_ELSE, ServiceWas.State.STARTING, ""),
        Arguments.of(new Observation("RUNNING", "4711", false), ServiceWas.State.RUNNING, ""),
        Arguments.of(IN_ERROR, ServiceWas.State.ERROR, "4711"));
  }

  @ParameterizedTest
  @MethodSource("nodesToStop")
  void anythingUpIsStoppedAndWatchedRecordingWhatItWas(Observation before, ServiceWas.State was, String pid) {
    Act act = act(Wanted.STOPPED, before);

    assertThat(act.start()).isEmpty();
    assertThat(act.stop().orElseThrow().intent()).isEqualTo(new ServiceWas(was));
    assertThat(act.stop().orElseThrow().watchedPid()).as("the process seen alive, else the PID file's").isEqualTo(pid);
    Outcome stopped = Outcome.done(true, "Confluence stopped after 2.0 s", "stopped");
    assertThat(act.startsAfter(stopped)).isFalse();
    assertThat(act.stopped(stopped)).isEqualTo(stopped);
    assertThat(stopped.result(before, false, 2.0).undo()).containsExactly(new ServiceWas(was));
  }

  @Test
  void aRestartOfAStoppedNodeOnlyStartsIt() {
    Act act = act(Wanted.RESTARTED, STOPPED);

    assertThat(act.stop()).isEmpty();
    assertThat(act.start().orElseThrow().launches()).isTrue();
    assertThat(act.started(Optional.empty(), Outcome.done(true, "Confluence is RUNNING after 5.0 s", "running")))
        .isEqualTo(Outcome.done(true, "restarted: Confluence is stopped already; Confluence is RUNNING after 5.0 s",
            "running"));
  }

  @Test
  void aRestartStopsThenLaunchesEvenANodeThatWasStarting() {
    Act act = act(Wanted.RESTARTED, STARTING);
    Outcome stopped = Outcome.done(true, "Confluence stopped after 1.0 s", "stopped");

    assertThat(act.stop().orElseThrow().intent()).isEqualTo(ServiceWas.of("starting"));
    assertThat(act.start().orElseThrow().launches()).isTrue();
    assertThat(act.start().orElseThrow().intent()).as("the start's own intent: it launches a stopped node")
        .isEqualTo(ServiceWas.of("stopped"));
    assertThat(act.started(Optional.of(stopped), Outcome.done(true, "Confluence is RUNNING after 4.0 s", "running")))
        .isEqualTo(Outcome.done(true, "restarted: Confluence stopped after 1.0 s; Confluence is RUNNING after 4.0 s",
            "running"));
    Outcome failed = Outcome.failed(true, "cannot watch Confluence stop, status 255", "no answer");
    assertThat(act.stopped(failed)).isEqualTo(Outcome.failed(true, "restart: cannot watch Confluence stop, status 255",
        "no answer"));
  }

  @Test
  void theResultCarriesWhatTheNodeWasWhenSomethingWasDone() {
    ModuleResult result = Outcome.done(true, "restarted: ...", "running").result(RUNNING, false, 9.5);

    assertThat(result.changed()).isTrue();
    assertThat(result.failed()).isFalse();
    assertThat(result.fields()).containsEntry("state", "running").containsEntry("elapsed", 9.5);
    assertThat(result.undo()).containsExactly(ServiceWas.of("running"));
    assertThat(Outcome.done(false, "Confluence is RUNNING already", "running").result(RUNNING, false, 0.1).undo())
        .isEmpty();
  }

  @Test
  void aStopScriptTheShellCannotRunEndsTheStopAtOnce() {
    ServicePlan.Stop stop = act(Wanted.STOPPED, RUNNING).stop().orElseThrow();

    assertThat(stop.afterControl(NODE, result(126, "", "sh: stop-confluence.sh: Permission denied\n")))
        .contains(Outcome.failed(true, "stop-confluence.sh could not be run, status 126: sh: stop-confluence.sh:"
            + " Permission denied; Confluence was left as it was (/status RUNNING, process 4711 alive)", "running"));
    assertThat(stop.afterControl(NODE, result(127, "", ""))).isPresent();
    assertThat(stop.afterControl(NODE, result(1, "PID file not found\n", ""))).as("watched: it may stop anyway")
        .isEmpty();
  }

  static Stream<Arguments> stopWatches() {
    return Stream.of(
        Arguments.of(0, "state RUNNING 0 alive 4711\nstate - 2 gone 4711\n", 0,
            Outcome.done(true, "Confluence stopped after 2.3 s", "stopped")),
        Arguments.of(3, "state RUNNING 0 alive 4711\n", 0, Outcome.failed(true, "Confluence did not stop within 180 s:"
            + " pid 4711 still alive; port still answers (/status RUNNING)", "running")),
        Arguments.of(3, "state - 0 alive 4711\n", 1, Outcome.failed(true, "Confluence did not stop within 180 s:"
            + " pid 4711 still alive; stop-confluence.sh failed, status 1: PID file not found", "no answer")),
        Arguments.of(3, "state STOPPING 0 gone \n", 0, Outcome.failed(true, "Confluence did not stop within 180 s:"
            + " port still answers (/status STOPPING)", "STOPPING")),
        Arguments.of(255, "", 0, Outcome.failed(true, "cannot watch Confluence stop, status 255", "no answer")));
  }

  @ParameterizedTest
  @MethodSource("stopWatches")
  void aStopIsDoneOnlyWhenItsWatchSawTheProcessGoneAndThePortClosed(int status, String printed, int control,
      Outcome expected) {
    ServicePlan.Stop stop = act(Wanted.STOPPED, RUNNING).stop().orElseThrow();
    CommandResult controlResult = control == 0 ? result(0, "", "") : result(control, "PID file not found\n", "");

    assertThat(stop.watched(NODE, controlResult, watch(status, printed), 2.345)).isEqualTo(expected);
  }

  static Stream<Arguments> startWatches() {
    return Stream.of(
        Arguments.of(0, "state - 0\nstate STARTING 1\nstate RUNNING 7\n",
            Outcome.done(true, "Confluence is RUNNING after 7.2 s", "running")),
        Arguments.of(2, "state STARTING 0\nstate ERROR 3\n",
            Outcome.failed(true, "Confluence went to ERROR 7.2 s after the start (http://10.0.0.11:8090/status)",
                "ERROR")),
        Arguments.of(3, "state - 0\nstate STARTING 40\n", Outcome.failed(true, "Confluence did not reach RUNNING"
            + " within 600 s; last state: /status STARTING", "STARTING")),
        Arguments.of(3, "", Outcome.failed(true, "Confluence did not reach RUNNING within 600 s; last state: no answer"
            + " on http://10.0.0.11:8090/status", "no answer")),
        Arguments.of(1, "state - 0\n", Outcome.failed(true, "cannot watch Confluence start, status 1: state - 0",
            "no answer")));
  }

  @ParameterizedTest
  @MethodSource("startWatches")
  void aLaunchedStartIsDoneOnlyAtRunning(int status, String printed, Outcome expected) {
    ServicePlan.Start start = act(Wanted.STARTED, STOPPED).start().orElseThrow();

    assertThat(start.watched(NODE, watch(status, printed), 7.2)).isEqualTo(expected);
  }

  @Test
  void aStartScriptThatFailsEndsTheStartNamingIt() {
    ConfluenceNode systemd = new ConfluenceNode(NODE.install(), NODE.localHome(), NODE.statusUrl(), true,
        "confluence.service", 60);
    ServicePlan.Start start = act(Wanted.STARTED, STOPPED).start().orElseThrow();

    assertThat(start.afterControl(systemd, result(1, "", "Unit confluence.service not found.\n")))
        .contains(Outcome.failed(true, "systemctl start confluence.service failed, status 1: Unit confluence.service"
            + " not found.", "stopped"));
    assertThat(start.afterControl(systemd, result(0, "Tomcat started.\n", ""))).isEmpty();
    assertThat(start.watched(systemd, watch(3, "state STARTING 0\n"), 60).message()).contains("within 60 s");
  }

  @Test
  void eachChangeAWatchPrintsIsShownAsItHappens() {
    assertThat(NODE.progress("state STARTING 4")).contains("Confluence: /status STARTING (4 s)");
    assertThat(NODE.progress("state - 2 alive 4711")).contains("Confluence: no answer on http://10.0.0.11:8090/status,"
        + " process 4711 alive (2 s)");
    assertThat(NODE.progress("Tomcat started.")).isEmpty();
  }

  @Test
  void onlyTheThreeStatesAreWanted() {
    assertThat(Wanted.of("restarted")).isEqualTo(Wanted.RESTARTED);
    assertThatThrownBy(() -> Wanted.of("running")).isInstanceOf(BadArgument.class)
        .hasMessage("state must be started, stopped or restarted, not 'running'");
  }

  private static Outcome settled(Wanted wanted, Observation before, boolean checkMode) {
    ServicePlan plan = ServicePlan.decide(wanted, before, checkMode, NODE);
    assertThat(plan).isInstanceOf(Settled.class);
    return ((Settled) plan).outcome();
  }

  private static Act act(Wanted wanted, Observation before) {
    ServicePlan plan = ServicePlan.decide(wanted, before, false, NODE);
    assertThat(plan).isInstanceOf(Act.class);
    return (Act) plan;
  }

  private static Watch watch(int status, String stdout) {
    return new Watch(result(status, stdout, ""));
  }

  private static CommandResult result(int status, String stdout, String stderr) {
    return new CommandResult(status, stdout, stderr, false, Duration.ZERO);
  }
}
