package dev.orchestrate.core.module.balancer;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.transport.CommandResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The community.general {@code haproxy} module: puts a server of HAProxy's backends in or out of
 * service through the runtime API, on the host the task runs on (the balancer's, by {@code
 * delegate_to}). Its arguments are Ansible's — {@code host} (the server's name), {@code backend}
 * (default: every backend with a server of that name), {@code socket}, {@code state} ({@code
 * enabled}, {@code disabled}, {@code drain}), {@code drain}, {@code wait}, {@code wait_interval},
 * {@code wait_retries}, {@code shutdown_sessions}, {@code fail_on_not_found} — with two additions:
 * {@code socket} may be {@code address:port} (a runtime API bound to TCP), and {@code
 * drain_timeout}, seconds to wait for a draining server's sessions to end before it is put in
 * maintenance anyway (Ansible's {@code wait} fails instead when they do not end in time).
 *
 * <p>It reads {@code show stat} first and sends only what changes a server's state, so a second
 * run changes nothing; the waiting is done here, one {@code show stat} per {@code wait_interval}.
 * {@code weight}, {@code agent} and {@code health} are not supported.
 */
public final class HaproxyModule implements Module {
  private static final List<String> STATES = List.of("enabled", "disabled", "drain");

  @Override
  public String name() {
    return "haproxy";
  }

  @Override
  public Set<String> arguments() {
    return Set.of("host", "backend", "socket", "state", "drain", "wait", "wait_interval", "wait_retries",
        "shutdown_sessions", "fail_on_not_found", "drain_timeout");
  }

  @Override
  public Set<String> requiredArguments() {
    return Set.of("host", "state");
  }

  /** It reads the servers' state before it sends anything, so a second run finishes the first. */
  @Override
  public boolean safeToRerun() {
    return true;
  }

  @Override
  public ModuleResult execute(ModuleCall call) {
    String state = call.string("state");
    if (!STATES.contains(state)) {
      return ModuleResult.failed("value of state must be one of: " + String.join(", ", STATES) + ", got: " + state);
    }
    Request request = new Request(call.string("host"), Optional.ofNullable(call.string("backend")), state,
        call.flag("drain", false), call.flag("wait", false), Math.max(0, call.integer("wait_interval", 5)),
        Math.max(1, call.integer("wait_retries", 25)), call.flag("shutdown_sessions", false),
        call.flag("fail_on_not_found", false),
        Optional.ofNullable(call.arguments().get("drain_timeout")).map(t -> call.integer("drain_timeout", 0)));
    Session api = new Session(call, new RuntimeApi(call.string("socket", "/var/run/haproxy.sock")));
    try {
      return new Change(call, api, request).run();
    } catch (ApiFailure failure) {
      return ModuleResult.failed(failure.getMessage());
    }
  }

  /** The arguments, with Ansible's defaults. */
  record Request(String host, Optional<String> backend, String state, boolean drain, boolean waitForState,
      int waitInterval, int waitRetries, boolean shutdownSessions, boolean failOnNotFound,
      Optional<Integer> drainTimeout) {
    /** The status word the server shows once the request is carried out. */
    String targetStatus() {
      return switch (state) {
        case "enabled" -> "UP";
        case "drain" -> "DRAIN";
        default -> "MAINT";
      };
    }
  }

  /** What the runtime API refused or could not be reached for. */
  static final class ApiFailure extends RuntimeException {
    ApiFailure(String message) {
      super(message);
    }
  }

  /** Commands to the runtime API, one connection each. */
  static final class Session {
    private final ModuleCall call;
    private final RuntimeApi api;

    Session(ModuleCall call, RuntimeApi api) {
      this.call = call;
      this.api = api;
    }

    String send(String line) {
      CommandResult result = call.run(api.send(line));
      return RuntimeApi.answer(result).orElseThrow(() -> new ApiFailure("HAProxy's runtime API at " + api.address()
          + " did not answer '" + line + "': " + RuntimeApi.failure(result)));
    }

    List<ServerStat> stats() {
      String answer = send("show stat");
      if (!ServerStat.isStatAnswer(answer)) {
        throw new ApiFailure("HAProxy's runtime API at " + api.address() + " answered 'show stat' with: "
            + answer.strip());
      }
      return ServerStat.parse(answer);
    }

    /** Sends a command that answers nothing when it works, as {@code set server} does. */
    void order(String line) {
      String answer = send(line).strip();
      if (!answer.isEmpty()) {
        throw new ApiFailure("HAProxy refused '" + line + "': " + answer);
      }
    }
  }

  /** One run of the module: read, decide, send, wait. */
  private static final class Change {
    private final ModuleCall call;
    private final Session api;
    private final Request request;

    Change(ModuleCall call, Session api, Request request) {
      this.call = call;
      this.api = api;
      this.request = request;
    }

    ModuleResult run() {
      List<ServerStat> found = api.stats().stream()
          .filter(s -> s.server().equals(request.host()))
          .filter(s -> request.backend().map(b -> b.equals(s.backend())).orElse(true))
          .toList();
      String named = request.backend().map(b -> b + "/").orElse("") + request.host();
      if (found.isEmpty()) {
        return request.failOnNotFound()
            ? ModuleResult.failed("The specified backend '" + named + "' was not found!")
            : ModuleResult.ok("no server " + named + " in HAProxy; nothing to do");
      }
      List<Map<String, Object>> servers = new ArrayList<>();
      List<String> said = new ArrayList<>();
      boolean changed = false;
      for (ServerStat before : found) {
        boolean changes = !before.is(request.targetStatus());
        if (changes && !call.checkMode()) {
          said.add(apply(before));
        }
        ServerStat after = call.checkMode() ? before : current(before);
        changed |= changes;
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("backend", before.backend());
        server.put("server", before.server());
        server.put("status_before", before.status());
        server.put("status", after.status());
        server.put("sessions", after.sessions());
        servers.add(server);
      }
      String message = said.isEmpty()
          ? named + " is already " + request.targetStatus() + (call.checkMode() ? "" : " at HAProxy")
          : String.join("; ", said);
      if (call.checkMode() && changed) {
        message = named + " would be set " + request.state();
      }
      ModuleResult result = changed ? ModuleResult.changed(message) : ModuleResult.ok(message);
      return result.with("servers", servers);
    }

    /** Carries the request out on one server; says what it did. */
    private String apply(ServerStat server) {
      String id = server.backend() + "/" + server.server();
      switch (request.state()) {
        case "enabled" -> {
          api.order("set server " + id + " state ready");
          waitFor(server, "UP", false, request.waitForState());
          return id + " put back in service";
        }
        case "drain" -> {
          api.order("set server " + id + " state drain");
          waitFor(server, "DRAIN", request.drain(), request.waitForState());
          return id + " draining";
        }
        default -> {
          String drained = "";
          if (request.drain()) {
            api.order("set server " + id + " state drain");
            drained = drainSessions(server);
          }
          api.order("set server " + id + " state maint");
          if (request.shutdownSessions()) {
            api.order("shutdown sessions server " + id);
          }
          // Past a drain_timeout, users who kept their session on the node are sent elsewhere by MAINT; what is
          // left are requests under way, waited for (wait_retries x wait_interval) but never failed for.
          waitFor(server, "MAINT", request.drain() && request.drainTimeout().isEmpty(), request.waitForState());
          String left = request.drainTimeout().isPresent() ? requestsLeft(server) : "";
          return id + (drained.isEmpty() ? "" : " " + drained + ",") + " in maintenance" + left;
        }
      }
    }

    /** Waits for the draining server's sessions to end: up to drain_timeout, then goes on; else Ansible's wait. */
    private String drainSessions(ServerStat server) {
      if (request.drainTimeout().isEmpty()) {
        waitFor(server, "DRAIN", true, request.waitForState());
        return "drained";
      }
      long deadline = System.nanoTime() + request.drainTimeout().get() * 1_000_000_000L;
      ServerStat now = current(server);
      while (now.sessions() > 0 && System.nanoTime() < deadline) {
        call.progress(server.backend() + "/" + server.server() + " draining: " + now.sessions() + " session(s) open");
        pause(1);
        now = current(server);
      }
      return now.sessions() == 0 ? "drained"
          : "drained for " + request.drainTimeout().get() + " s with " + now.sessions() + " session(s) still open";
    }

    /** Waits for the requests under way on a server in maintenance to end; says how many did not. */
    private String requestsLeft(ServerStat server) {
      ServerStat now = current(server);
      for (int attempt = 1; now.sessions() > 0 && attempt < request.waitRetries(); attempt++) {
        call.progress(server.backend() + "/" + server.server() + " in maintenance: " + now.sessions()
            + " request(s) still under way");
        pause(Math.max(1, request.waitInterval()));
        now = current(server);
      }
      return now.sessions() == 0 ? "" : " with " + now.sessions() + " request(s) still under way";
    }

    /** Ansible's wait: the status word (and no session, when draining), checked wait_retries times. */
    private void waitFor(ServerStat server, String status, boolean noSessions, boolean enabled) {
      if (!enabled) {
        return;
      }
      ServerStat now = current(server);
      for (int attempt = 1; attempt < request.waitRetries(); attempt++) {
        if (now.is(status) && (!noSessions || now.sessions() == 0)) {
          return;
        }
        call.progress(server.backend() + "/" + server.server() + " is " + now.status() + " with " + now.sessions()
            + " session(s); waiting for " + status);
        pause(request.waitInterval());
        now = current(server);
      }
      if (!(now.is(status) && (!noSessions || now.sessions() == 0))) {
        throw new ApiFailure("server " + server.backend() + "/" + server.server() + " not status '" + status
            + "' after " + request.waitRetries() + " retries (it is " + now.status() + " with " + now.sessions()
            + " session(s)). Aborting.");
      }
    }

    private ServerStat current(ServerStat server) {
      return api.stats().stream()
          .filter(s -> s.backend().equals(server.backend()) && s.server().equals(server.server()))
          .findFirst()
          .orElseThrow(() -> new ApiFailure("server " + server.backend() + "/" + server.server()
              + " is no longer in HAProxy's configuration"));
    }

    private static void pause(int seconds) {
      try {
        Thread.sleep(seconds * 1000L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiFailure("interrupted while waiting for HAProxy");
      }
    }
  }
}
