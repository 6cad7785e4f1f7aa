package dev.orchestrate.core.module.edit;

import dev.orchestrate.core.module.edit.XmlDocument.Element;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads and edits the text of a {@code confluence.cfg.xml}: the {@code <property name="X">}
 * entries under {@code <properties>}, and the root's own elements such as {@code setupType}.
 * Edits touch only the spot they change; comments, order, blank lines, indentation, the XML
 * declaration and line breaks stay byte for byte as they were.
 *
 * <p>Values are given and returned as plain text: references are resolved when read and written
 * when needed. When a name occurs twice, reads return the last one, as Confluence keeps the last,
 * and edits change every one. A text that is not well-formed XML is refused with an {@link
 * IllegalArgumentException}; no message ever holds a value, since values include licenses and
 * passwords.
 */
public final class CfgXml {
  private static final String PROPERTIES = "properties";
  private static final String PROPERTY = "property";
  private static final String AFTER_ELEMENT = "setupStep";
  private static final String DEFAULT_INDENT = "  ";
  private static final Pattern ELEMENT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9._-]*");
  private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);

  private CfgXml() {}

  /** The value of property {@code name}, empty when there is none. */
  public static Optional<String> property(String xml, String name) {
    XmlDocument document = XmlDocument.parse(xml);
    List<Element> found = properties(document, name);
    return found.isEmpty() ? Optional.empty() : Optional.of(value(document, found.get(found.size() - 1)));
  }

  /**
   * {@code xml} with property {@code name} set to {@code value}. A missing property is added as
   * the last one, indented like the others; a missing {@code <properties>} is added at the end of
   * the root.
   */
  public static String setProperty(String xml, String name, String value) {
    String what = "property " + name;
    requirePropertyName(name);
    XmlDocument document = XmlDocument.parse(xml);
    List<Element> found = properties(document, name);
    if (found.isEmpty()) {
      return addProperty(document, name, value);
    }
    String text = xml;
    for (Element element : reversed(found)) {
      text = replaceContent(document, text, element, value, what);
    }
    return text;
  }

  /** {@code xml} without property {@code name}: the whole line when the property stands alone on it. */
  public static String removeProperty(String xml, String name) {
    XmlDocument document = XmlDocument.parse(xml);
    String text = xml;
    for (Element element : reversed(properties(document, name))) {
      text = removeElement(text, element);
    }
    return text;
  }

  /** The text of the root's child element {@code name} ({@code setupType}, {@code buildNumber}), empty when missing. */
  public static Optional<String> element(String xml, String name) {
    XmlDocument document = XmlDocument.parse(xml);
    return document.root().flatMap(root -> document.child(root, name)).map(element -> value(document, element));
  }

  /**
   * {@code xml} with the root's child element {@code name} holding {@code value}. A missing
   * element is added on the line after {@code <setupStep>}, or as the root's first child.
   */
  public static String setElement(String xml, String name, String value) {
    String what = "<" + name + ">";
    if (!ELEMENT_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not an element name");
    }
    XmlDocument document = XmlDocument.parse(xml);
    Element root = root(document);
    Optional<Element> existing = document.child(root, name);
    if (existing.isPresent()) {
      return replaceContent(document, xml, existing.get(), value, what);
    }
    String line = "<" + name + ">" + XmlText.escapeContent(value, Lines.lineBreak(xml), what) + "</" + name + ">";
    Optional<Element> anchor = document.child(root, AFTER_ELEMENT);
    if (anchor.isPresent()) {
      return insertAfter(document, anchor.get(), line);
    }
    List<Element> children = document.children(root);
    return children.isEmpty() ? insertLast(document, root, List.of(line)) : insertBefore(document, children.get(0), line);
  }

  private static List<Element> properties(XmlDocument document, String name) {
    return document.root()
        .flatMap(root -> document.child(root, PROPERTIES))
        .map(properties -> document.children(properties).stream()
            .filter(e -> e.name().equals(PROPERTY) && document.nameAttribute(e).filter(name::equals).isPresent())
            .toList())
        .orElse(List.of());
  }

  private static String value(XmlDocument document, Element element) {
    return XmlText.unescape(document.inner(element));
  }

  private static void requirePropertyName(String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a property needs a name");
    }
    XmlText.escapeAttribute(name, "the name of a property");
  }

  private static Element root(XmlDocument document) {
    return document.root().orElseThrow(() -> new IllegalArgumentException("the file holds no root element"));
  }

  private static String addProperty(XmlDocument document, String name, String value) {
    String what = "property " + name;
    String text = document.text();
    String line = "<" + PROPERTY + " name=\"" + XmlText.escapeAttribute(name, what) + "\">"
        + XmlText.escapeContent(value, Lines.lineBreak(text), what) + "</" + PROPERTY + ">";
    Element root = root(document);
    Optional<Element> properties = document.child(root, PROPERTIES);
    if (properties.isPresent()) {
      return insertLast(document, properties.get(), List.of(line));
    }
    return insertLast(document, root,
        List.of("<" + PROPERTIES + ">", indentUnit(document) + line, "</" + PROPERTIES + ">"));
  }

  private static String replaceContent(XmlDocument document, String text, Element element, String value, String what) {
    if (document.hasChildren(element)) {
      throw new IllegalArgumentException(what + " holds elements, not text; edit it by hand");
    }
    if (value(document, element).equals(value)) {
      return text;
    }
    String content = XmlText.escapeContent(value, Lines.lineBreak(text), what);
    if (!element.selfClosing()) {
      return text.substring(0, element.innerStart()) + content + text.substring(element.innerEnd());
    }
    return text.substring(0, element.openStart()) + openTag(text, element) + content + "</" + element.name() + ">"
        + text.substring(element.openEnd());
  }

  /** The start tag of a self-closing element, written to be followed by content. */
  private static String openTag(String text, Element element) {
    String tag = text.substring(element.openStart(), element.openEnd() - 2);
    return tag.stripTrailing() + ">";
  }

  private static String removeElement(String text, Element element) {
    int lineStart = Lines.startOfLine(text, element.openStart());
    int lineEnd = Lines.endOfLine(text, element.end());
    String before = text.substring(lineStart, element.openStart());
    String after = text.substring(element.end(), lineEnd);
    if (Lines.isBlank(before) && Lines.isBlank(after)) {
      return text.substring(0, lineStart) + text.substring(Lines.afterBreak(text, lineEnd));
    }
    if (!Lines.isBlank(before)) {
      int from = lineStart + before.stripTrailing().length();
      return text.substring(0, from) + text.substring(element.end());
    }
    int to = element.end() + (after.length() - after.stripLeading().length());
    return text.substring(0, element.openStart()) + text.substring(to);
  }

  /** {@code lines} added as the last children of {@code parent}, each on a line of its own. */
  private static String insertLast(XmlDocument document, Element parent, List<String> lines) {
    String text = document.text();
    String lineBreak = Lines.lineBreak(text);
    String parentIndent = indent(text, parent.openStart()).orElse("");
    String childIndent = childIndent(document, parent);
    List<String> indented = lines.stream().map(line -> childIndent + line).toList();
    String block = String.join(lineBreak, indented);
    if (parent.selfClosing()) {
      return text.substring(0, parent.openStart()) + openTag(text, parent) + lineBreak + block + lineBreak
          + parentIndent + "</" + parent.name() + ">" + text.substring(parent.openEnd());
    }
    if (indent(text, parent.closeStart()).isPresent()) {
      return insert(text, Lines.startOfLine(text, parent.closeStart()), block + lineBreak);
    }
    return insert(text, parent.closeStart(), lineBreak + block + lineBreak + parentIndent);
  }

  /** {@code line} on the line after {@code sibling}'s, or right after it when more follows it on its line. */
  private static String insertAfter(XmlDocument document, Element sibling, String line) {
    String text = document.text();
    int lineEnd = Lines.endOfLine(text, sibling.end());
    String rest = COMMENT.matcher(text.substring(sibling.end(), lineEnd)).replaceAll("");
    Optional<String> indent = indent(text, sibling.openStart());
    if (indent.isPresent() && Lines.isBlank(rest) && lineEnd < text.length()) {
      return insert(text, Lines.afterBreak(text, lineEnd), indent.get() + line + Lines.lineBreak(text));
    }
    return insert(text, sibling.end(), line);
  }

  private static String insertBefore(XmlDocument document, Element sibling, String line) {
    String text = document.text();
    Optional<String> indent = indent(text, sibling.openStart());
    if (indent.isPresent()) {
      return insert(text, Lines.startOfLine(text, sibling.openStart()), indent.get() + line + Lines.lineBreak(text));
    }
    return insert(text, sibling.openStart(), line);
  }

  private static String insert(String text, int at, String addition) {
    return text.substring(0, at) + addition + text.substring(at);
  }

  /** The white space before {@code offset} on its line, when nothing else comes before it there. */
  private static Optional<String> indent(String text, int offset) {
    String before = text.substring(Lines.startOfLine(text, offset), offset);
    return Lines.isBlank(before) ? Optional.of(before) : Optional.empty();
  }

  /** How {@code parent}'s children are indented: like its last child on a line of its own, else one step deeper than it. */
  private static String childIndent(XmlDocument document, Element parent) {
    String text = document.text();
    for (Element child : reversed(document.children(parent))) {
      Optional<String> indent = indent(text, child.openStart());
      if (indent.isPresent()) {
        return indent.get();
      }
    }
    return indent(text, parent.openStart()).orElse("") + indentUnit(document);
  }

  /** The step by which the file indents a child more than its parent, or two spaces when none shows one. */
  private static String indentUnit(XmlDocument document) {
    String text = document.text();
    Element root = root(document);
    List<Element> pending = new ArrayList<>(List.of(root));
    while (!pending.isEmpty()) {
      Element parent = pending.remove(0);
      Optional<String> parentIndent = indent(text, parent.openStart());
      for (Element child : document.children(parent)) {
        Optional<String> childIndent = indent(text, child.openStart());
        if (parentIndent.isPresent() && childIndent.isPresent()
            && childIndent.get().length() > parentIndent.get().length()
            && childIndent.get().startsWith(parentIndent.get())) {
          return childIndent.get().substring(parentIndent.get().length());
        }
        pending.add(child);
      }
    }
    return DEFAULT_INDENT;
  }

  private static List<Element> reversed(List<Element> elements) {
    List<Element> copy = new ArrayList<>(elements);
    Collections.reverse(copy);
    return copy;
  }
}
