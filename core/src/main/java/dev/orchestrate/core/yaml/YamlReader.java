package dev.orchestrate.core.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.orchestrate.core.diagnostic.Diagnostics;
import dev.orchestrate.core.diagnostic.SourcePosition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads one YAML document into a {@link YamlNode} tree in which every key and value keeps its
 * line and column. Problems of form (tabs, bad indentation, duplicate keys, a second document)
 * are reported to a {@link Diagnostics}, all that can be found before the parser has to stop.
 *
 * <p>Anchors and aliases are resolved; merge keys ({@code <<}) are left as ordinary keys, which
 * the schema then reports.
 */
public final class YamlReader {
  // An empty value ("key:") must read as no value, the way YAML itself reads it.
  private static final YAMLFactory FACTORY =
      YAMLFactory.builder().enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();

  private final Diagnostics diagnostics;
  private final Map<String, YamlNode> anchors = new HashMap<>();
  private YAMLParser parser;

  private YamlReader(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /**
   * Reads {@code text}; returns its document, or empty when the file is empty or so broken that
   * no tree can be built (the reasons are in {@code diagnostics}).
   */
  public static Optional<YamlNode> read(String text, Diagnostics diagnostics) {
    List<Integer> tabLines = reportTabIndentation(text, diagnostics);
    try {
      return new YamlReader(diagnostics).readDocument(text);
    } catch (IOException e) {
      reportSyntaxError(e, text, tabLines, diagnostics);
      return Optional.empty();
    }
  }

  private Optional<YamlNode> readDocument(String text) throws IOException {
    try (YAMLParser p = FACTORY.createParser(text)) {
      parser = p;
      JsonToken first = p.nextToken();
      if (first == null) {
        diagnostics.error(SourcePosition.START, "the file is empty");
        return Optional.empty();
      }
      YamlNode root = readValue(first);
      JsonToken after = p.nextToken();
      if (after != null) {
        diagnostics.error(documentMarker(text, position(p.currentTokenLocation())),
            "a second YAML document starts here; this file holds exactly one",
            "remove the '---' line and everything after it, or put it in a file of its own");
      }
      return Optional.of(root);
    }
  }

  /** The '---' line that opens the document whose first value is at {@code value}, if there is one. */
  private static SourcePosition documentMarker(String text, SourcePosition value) {
    String[] lines = text.split("\n", -1);
    for (int line = Math.min(value.line(), lines.length); line >= 1; line--) {
      if (lines[line - 1].startsWith("---")) {
        return new SourcePosition(line, 1);
      }
    }
    return value;
  }

  private YamlNode readValue(JsonToken token) throws IOException {
    SourcePosition at = position(parser.currentTokenLocation());
    String anchor = parser.getObjectId();
    YamlNode node = switch (token) {
      case START_OBJECT -> readMap(at);
      case START_ARRAY -> readList(at);
      case VALUE_STRING -> parser.isCurrentAlias() ? resolveAlias(at) : scalar(at, YamlScalar.Type.STRING);
      case VALUE_NUMBER_INT -> scalar(at, YamlScalar.Type.INTEGER);
      case VALUE_NUMBER_FLOAT -> scalar(at, YamlScalar.Type.FLOAT);
      case VALUE_TRUE, VALUE_FALSE -> scalar(at, YamlScalar.Type.BOOLEAN);
      case VALUE_NULL -> new YamlScalar(at, "", YamlScalar.Type.NULL);
      default -> new YamlScalar(at, String.valueOf(parser.getText()), YamlScalar.Type.STRING);
    };
    if (anchor != null) {
      anchors.put(anchor, node);
    }
    return node;
  }

  private YamlScalar scalar(SourcePosition at, YamlScalar.Type type) throws IOException {
    return new YamlScalar(at, parser.getText(), type);
  }

  private YamlNode resolveAlias(SourcePosition at) throws IOException {
    String name = parser.getText();
    YamlNode target = anchors.get(name);
    if (target == null) {
      diagnostics.error(at, "alias '*" + name + "' names no anchor written before it",
          "define it first with '&" + name + "'");
      return new YamlScalar(at, "", YamlScalar.Type.NULL);
    }
    return target;
  }

  private YamlMap readMap(SourcePosition at) throws IOException {
    List<YamlMap.Entry> entries = new ArrayList<>();
    Map<String, SourcePosition> seen = new HashMap<>();
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
      String key = parser.currentName();
      SourcePosition keyAt = position(parser.currentTokenLocation());
      YamlNode value = readValue(parser.nextToken());
      SourcePosition first = seen.putIfAbsent(key, keyAt);
      if (first != null) {
        diagnostics.error(keyAt, "duplicate key '" + key + "' (first written at line " + first.line() + ")",
            "keep one of them");
      } else {
        entries.add(new YamlMap.Entry(key, keyAt, value));
      }
    }
    return new YamlMap(at, entries);
  }

  private YamlList readList(SourcePosition at) throws IOException {
    List<YamlNode> items = new ArrayList<>();
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
      items.add(readValue(t));
    }
    return new YamlList(at, items);
  }

  private static SourcePosition position(JsonLocation location) {
    return new SourcePosition(Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
  }

  /**
   * YAML forbids tabs in indentation, and the parser stops at the first; finding them all here
   * lets one run show every such line.
   */
  private static List<Integer> reportTabIndentation(String text, Diagnostics diagnostics) {
    List<Integer> lines = new ArrayList<>();
    String[] all = text.split("\n", -1);
    for (int i = 0; i < all.length; i++) {
      String line = all[i];
      int column = 0;
      while (column < line.length() && (line.charAt(column) == ' ' || line.charAt(column) == '\t')) {
        if (line.charAt(column) == '\t') {
          boolean blank = line.substring(column).isBlank();
          if (!blank) {
            diagnostics.error(new SourcePosition(i + 1, column + 1),
                "a tab indents this line; YAML allows only spaces for indentation",
                "replace the tab with spaces");
            lines.add(i + 1);
          }
          break;
        }
        column++;
      }
    }
    return lines;
  }

  private static void reportSyntaxError(
      IOException e, String text, List<Integer> tabLines, Diagnostics diagnostics) {
    MarkedYAMLException marked = findCause(e, MarkedYAMLException.class);
    if (marked == null || marked.getProblemMark() == null) {
      diagnostics.error(SourcePosition.START, "not valid YAML: " + firstLine(e.getMessage()));
      return;
    }
    String problem = String.valueOf(marked.getProblem());
    SyntaxProblem known = SyntaxProblem.of(problem);
    // When the file ends too early, the useful place is where the unclosed thing began.
    Mark mark = known.pointsAtContext() && marked.getContextMark() != null
        ? marked.getContextMark()
        : marked.getProblemMark();
    int line = mark.getLine() + 1;
    if (tabLines.contains(line)) {
      return;
    }
    int column = known.pointsAtIndentation() ? firstNonBlankColumn(text, line) : mark.getColumn() + 1;
    diagnostics.error(new SourcePosition(line, column), known.message(problem), known.hint());
  }

  private static int firstNonBlankColumn(String text, int line) {
    String[] lines = text.split("\n", -1);
    if (line > lines.length) {
      return 1;
    }
    String content = lines[line - 1];
    int column = 0;
    while (column < content.length() && Character.isWhitespace(content.charAt(column))) {
      column++;
    }
    return column + 1;
  }

  private static <T extends Throwable> T findCause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }

  /** What snakeyaml's terse complaints usually mean, in words a reader of the file can act on. */
  private enum SyntaxProblem {
    MAPPING_VALUE("mapping values are not allowed here",
        "this line is indented deeper than the keys around it, or holds ': ' in an unquoted value",
        "line its key up with the keys above it, or quote the value", true),
    EXPECTED_KEY("did not find expected key",
        "this line is not indented like the other keys of its mapping",
        "start every key of one mapping in the same column", true),
    EXPECTED_DASH("did not find expected '-' indicator",
        "this line is not indented like the other items of its list",
        "start every item of one list with '-' in the same column", true),
    EXPECTED_COLON("could not find expected ':'",
        "a key is not followed by ':'",
        "write 'key: value', with a space after the colon", true),
    BLOCK_END("expected <block end>",
        "this line is not indented like the lines of the block it belongs to",
        "indent it exactly like its neighbours: keys of one mapping, or items of one list, share a column", true),
    END_OF_STREAM("found unexpected end of stream",
        "a quoted value that starts here is never closed",
        "add the closing quote", false),
    UNCLOSED_FLOW("expected ',' or ']', but got <stream end>",
        "a '[' that starts here is never closed",
        "add the closing ']'", false),
    UNCLOSED_FLOW_MAP("expected ',' or '}', but got <stream end>",
        "a '{' that starts here is never closed",
        "add the closing '}'", false),
    OTHER("", "", null, false);

    private final String snakeyamlText;
    private final String explanation;
    private final String hint;
    private final boolean pointsAtIndentation;

    SyntaxProblem(String snakeyamlText, String explanation, String hint, boolean pointsAtIndentation) {
      this.snakeyamlText = snakeyamlText;
      this.explanation = explanation;
      this.hint = hint;
      this.pointsAtIndentation = pointsAtIndentation;
    }

    static SyntaxProblem of(String problem) {
      for (SyntaxProblem known : values()) {
        if (!known.snakeyamlText.isEmpty() && problem.startsWith(known.snakeyamlText)) {
          return known;
        }
      }
      return OTHER;
    }

    String message(String problem) {
      return this == OTHER ? "not valid YAML: " + problem : "not valid YAML: " + explanation;
    }

    String hint() {
      return hint;
    }

    boolean pointsAtIndentation() {
      return pointsAtIndentation;
    }

    boolean pointsAtContext() {
      return this == END_OF_STREAM || this == UNCLOSED_FLOW || this == UNCLOSED_FLOW_MAP;
    }
  }
}
