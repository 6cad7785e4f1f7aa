package dev.orchestrate.core.module.builtin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Shell;
import dev.orchestrate.core.value.Values;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Ansible's {@code uri}, run on the host with curl (or, for a GET with no secret in it, wget):
 * sends a request and fails unless the status is one of {@code status_code} (200 by default).
 * The response's headers become fields named as Ansible names them ({@code content_type}); a JSON
 * response is parsed into {@code json}; {@code content} holds the body when {@code
 * return_content} asks for it.
 *
 * <p>Credentials are sent with the first request, as {@code force_basic_auth} asks. Nothing
 * secret reaches a command line: the URL, headers and credentials travel to curl as a
 * config on a pipe, the body on curl's standard input, both from the command's stdin. In check
 * mode only a GET is sent.
 */
public final class UriModule implements Module {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CAPTURE_LIMIT = 16 * 1024 * 1024;

  @Override
  public String name() {
    return "uri";
  }

  @Override
  public Set<String> arguments() {
    return Set.of("url", "method", "body", "body_format", "headers", "status_code", "return_content", "timeout",
        "validate_certs", "follow_redirects", "url_username", "user", "url_password", "password", "force_basic_auth");
  }

  @Override
  public Set<String> requiredArguments() {
    return Set.of("url");
  }

  @Override
  public ModuleResult execute(ModuleCall call) {
    try {
      if (call.checkMode() && !requestedMethod(call).equals("GET")) {
        return ModuleResult.ok("skipped, running in check mode").with("skipped", true);
      }
      Request request = Request.of(call);
      String marker = "orchestrate-" + UUID.randomUUID();
      Exchange exchange = Exchange.parse(send(call, request, marker), marker);
      return result(call, request, exchange);
    } catch (ModuleFailure failure) {
      return failure.result();
    }
  }

  private static String requestedMethod(ModuleCall call) {
    return call.string("method", "GET").strip().toUpperCase(Locale.ROOT);
  }

  /**
   * The request as the arguments describe it. The body is already revealed, as it goes only to
   * stdin; the URL, headers and credentials are revealed where the config is written.
   */
  private record Request(String url, String method, Optional<String> body, Map<String, String> headers,
      List<Integer> statusCodes, boolean returnContent, int timeout, boolean validateCerts, boolean followRedirects,
      Optional<String> user, Optional<String> password) {

    static Request of(ModuleCall call) {
      String method = requestedMethod(call);
      String format = Arguments.choice(call, "body_format", "raw", List.of("raw", "json", "form-urlencoded"));
      Map<String, String> headers = new LinkedHashMap<>();
      Object given = call.arguments().get("headers");
      if (given instanceof Map<?, ?> map) {
        map.forEach((name, value) -> headers.put(String.valueOf(name), String.valueOf(value)));
      } else if (given != null) {
        throw new ModuleFailure("headers must be a mapping of header names to values");
      }
      Optional<String> body = Optional.ofNullable(call.arguments().get("body")).map(value -> body(call, value, format));
      boolean typed = headers.keySet().stream().anyMatch("content-type"::equalsIgnoreCase);
      if (body.isPresent() && !format.equals("raw") && !typed) {
        headers.put("Content-Type", format.equals("json") ? "application/json" : "application/x-www-form-urlencoded");
      }
      String follow = call.string("follow_redirects", "safe").toLowerCase(Locale.ROOT);
      boolean safe = method.equals("GET") || method.equals("HEAD");
      boolean followRedirects = switch (follow) {
        case "all", "yes", "true" -> true;
        case "safe", "urllib2" -> safe;
        case "none", "no", "false" -> false;
        default -> throw new ModuleFailure(
            "value of follow_redirects must be one of: all, none, safe, urllib2, got: " + follow);
      };
      return new Request(Arguments.required(call, "url"), method, body, headers, statusCodes(call),
          Arguments.flag(call, "return_content", false), Arguments.integer(call, "timeout", 30),
          Arguments.flag(call, "validate_certs", true), followRedirects,
          Arguments.first(call, "url_username", "user"), Arguments.first(call, "url_password", "password"));
    }

    /** The body as Ansible sends it, with secrets revealed value by value so that JSON quoting holds. */
    private static String body(ModuleCall call, Object value, String format) {
      if (format.equals("json") && (value instanceof Map<?, ?> || value instanceof List<?>)) {
        try {
          return JSON.writeValueAsString(revealed(call, value));
        } catch (JsonProcessingException e) {
          throw new ModuleFailure("body cannot be written as JSON: " + e.getOriginalMessage());
        }
      }
      if (format.equals("form-urlencoded") && value instanceof Map<?, ?> map) {
        return map.entrySet().stream()
            .map(e -> encode(String.valueOf(e.getKey())) + "="
                + encode(Arguments.revealed(call, String.valueOf(e.getValue()))))
            .collect(Collectors.joining("&"));
      }
      return Arguments.revealed(call, String.valueOf(value));
    }

    private static Object revealed(ModuleCall call, Object value) {
      if (value instanceof Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, item) -> copy.put(String.valueOf(key), revealed(call, item)));
        return copy;
      }
      if (value instanceof List<?> list) {
        return list.stream().map(item -> revealed(call, item)).toList();
      }
      return value instanceof String text ? Arguments.revealed(call, text) : value;
    }

    private static String encode(String text) {
      return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static List<Integer> statusCodes(ModuleCall call) {
      Object given = call.arguments().getOrDefault("status_code", 200);
      List<Object> items = given instanceof String text ? List.of((Object[]) text.split(",")) : Values.list(given);
      List<Integer> codes = new ArrayList<>();
      for (Object item : items) {
        try {
          codes.add(Values.integer(item, "status_code"));
        } catch (IllegalArgumentException e) {
          throw new ModuleFailure(e.getMessage());
        }
      }
      return List.copyOf(codes);
    }

    boolean holdsSecret(ModuleCall call) {
      return !Arguments.revealed(call, url).equals(url) || user.isPresent() || password.isPresent()
          || headers.values().stream().anyMatch(value -> !Arguments.revealed(call, value).equals(value));
    }
  }

  private static CommandResult send(ModuleCall call, Request request, String marker) {
    List<String> config = new ArrayList<>();
    config.add("url = " + quoted(Arguments.revealed(call, request.url())));
    if (request.method().equals("HEAD")) {
      config.add("head");
    } else {
      config.add("request = " + quoted(request.method()));
    }
    request.headers().forEach((name, value) ->
        config.add("header = " + quoted(name + ": " + Arguments.revealed(call, value))));
    if (request.user().isPresent() || request.password().isPresent()) {
      config.add("user = " + quoted(Arguments.revealed(call, request.user().orElse("")) + ":"
          + Arguments.revealed(call, request.password().orElse(""))));
    }
    config.add("max-time = " + request.timeout());
    if (!request.validateCerts()) {
      config.add("insecure");
    }
    if (request.followRedirects()) {
      config.add("location");
    }
    StringBuilder input = new StringBuilder();
    config.forEach(line -> input.append(line).append('\n'));
    request.body().ifPresent(input::append);
    Command command = Command.of(script(request, config.size(), marker, !request.holdsSecret(call)))
        .withStdin(input.toString().getBytes(StandardCharsets.UTF_8))
        .withTimeout(Duration.ofSeconds(request.timeout() + 60L))
        .withCaptureLimit(CAPTURE_LIMIT);
    return call.run(command);
  }

  /**
   * Reads the config's lines from stdin into a pipe curl reads it from (so it never touches the
   * disk), leaving the rest of stdin, the body, for curl's {@code --data-binary @-}.
   */
  private static String script(Request request, int configLines, String marker, boolean wgetAllowed) {
    String body = request.body().isPresent() ? " --data-binary @-" : "";
    StringBuilder script = new StringBuilder()
        .append("t=$(mktemp -d) || { echo 'error could not make a temporary directory'; exit 0; }\n")
        .append("trap 'rm -rf \"$t\"' EXIT\n")
        .append("if command -v curl >/dev/null 2>&1; then\n")
        .append("  conf=''; i=0; while [ $i -lt ").append(configLines)
        .append(" ]; do IFS= read -r l; conf=\"$conf$l\n\"; i=$((i+1)); done\n")
        .append("  mkfifo \"$t/c\" || { echo 'error could not make a pipe'; exit 0; }\n")
        .append("  printf '%s' \"$conf\" > \"$t/c\" & writer=$!\n")
        .append("  w=$(curl -sS -K \"$t/c\"").append(body)
        .append(" -D \"$t/h\" -o \"$t/b\" -w '%{http_code} %{time_total} %{url_effective}' 2>\"$t/e\"); rc=$?\n")
        .append("  kill $writer 2>/dev/null\n")
        .append("  echo \"curl $rc $w\"\n");
    if (wgetAllowed && request.method().equals("GET")) {
      script.append("elif command -v wget >/dev/null 2>&1; then\n")
          .append("  wget -S -O \"$t/b\" -T ").append(request.timeout())
          .append(request.validateCerts() ? "" : " --no-check-certificate");
      request.headers().forEach((name, value) -> script.append(" --header=")
          .append(Shell.quote(name + ": " + value)));
      script.append(' ').append(Shell.quote(request.url()))
          .append(" 2>\"$t/h\"; rc=$?\n")
          .append("  echo \"wget $rc\"\n");
    }
    return script.append("else\n")
        .append("  echo 'error the host has no curl").append(wgetAllowed ? " (nor wget for a GET)" : "")
        .append("'; exit 0\n")
        .append("fi\n")
        .append("echo ").append(marker).append("-headers; cat \"$t/h\" 2>/dev/null\n")
        .append("echo; echo ").append(marker).append("-error; cat \"$t/e\" 2>/dev/null\n")
        .append("echo; echo ").append(marker).append("-body; cat \"$t/b\" 2>/dev/null\n")
        .toString();
  }

  /** A value for curl's config file: quoted, with the escapes curl reads there. */
  private static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
        .replace("\t", "\\t") + "\"";
  }

  /** What came back: curl's or wget's summary, the last response's status line and headers, and the body. */
  record Exchange(String tool, int exit, int status, String reason, double seconds, String effectiveUrl,
      Map<String, String> headers, String error, String body) {
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/\\S+\\s+(\\d{3})\\s*(.*)");
    private static final Pattern HEADER = Pattern.compile("([A-Za-z0-9!#$%&'*+.^_`|~-]+):\\s*(.*)");

    static Exchange parse(CommandResult result, String marker) {
      String output = result.stdout();
      int headersAt = output.indexOf(marker + "-headers\n");
      int errorAt = output.indexOf("\n" + marker + "-error\n");
      int bodyAt = output.indexOf("\n" + marker + "-body\n");
      if (headersAt < 0 || errorAt < 0 || bodyAt < 0) {
        String first = output.lines().findFirst().orElse("");
        String why = first.startsWith("error ") ? first.substring(6) : String.join(" ", result.lastLines(3));
        throw new ModuleFailure("could not send the request from the host: " + why);
      }
      String[] summary = output.substring(0, headersAt).strip().split(" ", 5);
      String tool = summary[0];
      int exit = Integer.parseInt(summary[1]);
      String headerText = output.substring(headersAt + marker.length() + 9, errorAt);
      String error = output.substring(errorAt + marker.length() + 8, bodyAt).strip();
      String body = output.substring(bodyAt + marker.length() + 7);
      Map<String, String> headers = new LinkedHashMap<>();
      int status = -1;
      String reason = "";
      for (String raw : headerText.lines().toList()) {
        // wget -S indents what the server sent; its own progress lines are not indented.
        if (tool.equals("wget") && !raw.startsWith(" ")) {
          continue;
        }
        String line = raw.strip();
        Matcher statusLine = STATUS_LINE.matcher(line);
        Matcher header = HEADER.matcher(line);
        if (statusLine.matches()) {
          status = Integer.parseInt(statusLine.group(1));
          reason = statusLine.group(2);
          headers.clear();
        } else if (header.matches() && status != -1) {
          String name = header.group(1).toLowerCase(Locale.ROOT).replace('-', '_');
          headers.merge(name, header.group(2), (first, second) -> first + ", " + second);
        }
      }
      if (tool.equals("curl")) {
        int code = Integer.parseInt(summary[2]);
        return new Exchange(tool, exit, code == 0 ? -1 : code, reason, Double.parseDouble(summary[3]),
            summary.length > 4 ? summary[4] : "", headers, error, body);
      }
      // wget writes its complaints where -S writes the headers.
      return new Exchange(tool, exit, status, reason, result.elapsed().toMillis() / 1000.0, "", headers,
          status == -1 ? headerText.strip() : "", body);
    }
  }

  private static ModuleResult result(ModuleCall call, Request request, Exchange exchange) {
    Map<String, Object> fields = new LinkedHashMap<>(exchange.headers());
    String sent = Arguments.revealed(call, request.url());
    boolean redirected = !exchange.effectiveUrl().isEmpty() && !exchange.effectiveUrl().equals(sent);
    boolean secretUrl = !sent.equals(request.url());
    fields.put("url", redirected && !secretUrl ? exchange.effectiveUrl() : request.url());
    fields.put("redirected", redirected);
    fields.put("status", exchange.status());
    fields.put("elapsed", (long) exchange.seconds());
    String contentType = exchange.headers().getOrDefault("content_type", "").toLowerCase(Locale.ROOT);
    String subtype = contentType.substring(contentType.indexOf('/') + 1).split(";")[0].strip();
    if (subtype.equals("json") || subtype.endsWith("+json")) {
      try {
        fields.put("json", JSON.readValue(exchange.body(), Object.class));
      } catch (JsonProcessingException e) {
        // Ansible leaves json out when the body does not parse; so does this.
      }
    }
    if (request.returnContent()) {
      fields.put("content", exchange.body());
    }
    if (exchange.status() == -1 || !request.statusCodes().contains(exchange.status())) {
      String why = exchange.status() == -1
          ? "Request failed: "
              + (exchange.error().isEmpty() ? exchange.tool() + " exited with " + exchange.exit() : exchange.error())
          : "HTTP Error " + exchange.status() + ": " + exchange.reason();
      String message = "Status code was " + exchange.status() + " and not " + request.statusCodes() + ": " + why;
      return ModuleResult.failed(message).withFields(fields);
    }
    return ModuleResult.ok("OK (" + exchange.headers().getOrDefault("content_length", "unknown") + " bytes)")
        .withFields(fields);
  }
}
