package dev.orchestrate.core.module.edit;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the elements of an XML text start and end, found by scanning the text rather than by
 * building a tree, so that everything between them can be kept as it was. Comments, processing
 * instructions, CDATA sections and the document type are stepped over, never read as elements.
 */
final class XmlDocument {
  /**
   * One element.
   *
   * @param parent the index of the enclosing element, or -1 for the root
   * @param closeStart where its end tag starts, or -1 when it is written {@code <name/>}
   */
  record Element(int index, String name, int parent, int openStart, int openEnd, int closeStart, int closeEnd) {
    boolean selfClosing() {
      return closeStart < 0;
    }

    int end() {
      return selfClosing() ? openEnd : closeEnd;
    }

    /** Where its content starts and ends: an empty range right after a self-closing tag. */
    int innerStart() {
      return openEnd;
    }

    int innerEnd() {
      return selfClosing() ? openEnd : closeStart;
    }
  }

  private static final Pattern NAME_ATTRIBUTE = Pattern.compile("\\sname\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')");

  private final String text;
  private final List<Element> elements;

  private XmlDocument(String text, List<Element> elements) {
    this.text = text;
    this.elements = List.copyOf(elements);
  }

  /** Scans {@code text}; throws {@link IllegalArgumentException} with a line number when it is not well-formed. */
  static XmlDocument parse(String text) {
    Element[] found = new Element[16];
    int count = 0;
    Deque<Element> open = new ArrayDeque<>();
    int position = 0;
    while (true) {
      int start = text.indexOf('<', position);
      if (start < 0) {
        break;
      }
      if (text.startsWith("<!--", start)) {
        position = after(text, start, "-->", "comment");
      } else if (text.startsWith("<![CDATA[", start)) {
        position = after(text, start, "]]>", "CDATA section");
      } else if (text.startsWith("<?", start)) {
        position = after(text, start, "?>", "processing instruction");
      } else if (text.startsWith("<!", start)) {
        position = afterDeclaration(text, start);
      } else if (text.startsWith("</", start)) {
        int end = afterTag(text, start);
        String name = name(text, start + 2, end);
        Element opened = open.poll();
        if (opened == null || !opened.name().equals(name)) {
          throw malformed(text, start, "</" + name + "> closes no open element"
              + (opened == null ? "" : " (<" + opened.name() + "> is open)"));
        }
        found[opened.index()] = new Element(opened.index(), opened.name(), opened.parent(), opened.openStart(),
            opened.openEnd(), start, end);
        position = end;
      } else {
        int end = afterTag(text, start);
        String name = name(text, start + 1, end);
        if (name.isEmpty()) {
          throw malformed(text, start, "'<' starts no tag; write it as &lt;");
        }
        if (open.isEmpty() && count > 0) {
          throw malformed(text, start, "<" + name + "> follows the root element; a document has one root");
        }
        int parent = open.isEmpty() ? -1 : open.peek().index();
        boolean selfClosing = text.charAt(end - 2) == '/';
        Element element = new Element(count, name, parent, start, end, selfClosing ? -1 : end, selfClosing ? -1 : end);
        if (count == found.length) {
          found = Arrays.copyOf(found, count * 2);
        }
        found[count++] = element;
        if (!selfClosing) {
          open.push(element);
        }
        position = end;
      }
    }
    if (!open.isEmpty()) {
      throw malformed(text, open.peek().openStart(), "<" + open.peek().name() + "> is never closed");
    }
    return new XmlDocument(text, Arrays.asList(found).subList(0, count));
  }

  String text() {
    return text;
  }

  Optional<Element> root() {
    return elements.isEmpty() ? Optional.empty() : Optional.of(elements.get(0));
  }

  List<Element> children(Element parent) {
    return elements.stream().filter(e -> e.parent() == parent.index()).toList();
  }

  Optional<Element> child(Element parent, String name) {
    return children(parent).stream().filter(e -> e.name().equals(name)).findFirst();
  }

  boolean hasChildren(Element element) {
    return elements.stream().anyMatch(e -> e.parent() == element.index());
  }

  /** The element's {@code name} attribute, its references resolved. */
  Optional<String> nameAttribute(Element element) {
    String tag = text.substring(element.openStart() + 1 + element.name().length(), element.openEnd());
    Matcher matcher = NAME_ATTRIBUTE.matcher(tag);
    if (!matcher.find()) {
      return Optional.empty();
    }
    String raw = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
    return Optional.of(XmlText.unescape(raw));
  }

  /** The element's content as written, markup and references included. */
  String inner(Element element) {
    return text.substring(element.innerStart(), element.innerEnd());
  }

  private static int after(String text, int start, String terminator, String what) {
    int end = text.indexOf(terminator, start + 2);
    if (end < 0) {
      throw malformed(text, start, "a " + what + " is never closed");
    }
    return end + terminator.length();
  }

  /** Past a {@code <!DOCTYPE ...>}, whose internal subset may hold {@code >} inside brackets. */
  private static int afterDeclaration(String text, int start) {
    int depth = 0;
    char quote = 0;
    for (int i = start + 2; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
      } else if (c == '>' && depth <= 0) {
        return i + 1;
      }
    }
    throw malformed(text, start, "a declaration is never closed");
  }

  /** Past the {@code >} that ends the tag at {@code start}; a {@code >} inside a quoted attribute does not. */
  private static int afterTag(String text, int start) {
    char quote = 0;
    for (int i = start + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        return i + 1;
      } else if (c == '<') {
        break;
      }
    }
    throw malformed(text, start, "a tag is never closed");
  }

  private static String name(String text, int from, int tagEnd) {
    int end = from;
    while (end < tagEnd && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '/'
        && text.charAt(end) != '>') {
      end++;
    }
    return text.substring(from, end);
  }

  private static IllegalArgumentException malformed(String text, int offset, String problem) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n' || text.charAt(i) == '\r' && !text.startsWith("\r\n", i)) {
        line++;
      }
    }
    return new IllegalArgumentException("not well-formed XML: line " + line + ": " + problem);
  }
}
