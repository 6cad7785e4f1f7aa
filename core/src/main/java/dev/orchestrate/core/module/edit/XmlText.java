package dev.orchestrate.core.module.edit;

/** Character data as XML writes it: references, CDATA sections and line-end normalization. */
final class XmlText {
  private XmlText() {}

  /**
   * The text {@code raw} stands for: line breaks become LF as a parser reads them, CDATA sections
   * give their content, comments nothing, and the five named references and numeric ones their
   * characters. A reference to an entity this file cannot define is kept as written.
   */
  static String unescape(String raw) {
    String text = raw.replace("\r\n", "\n").replace('\r', '\n');
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("<!--", i)) {
        int end = text.indexOf("-->", i);
        i = end < 0 ? text.length() : end + 3;
        continue;
      }
      if (text.startsWith("<![CDATA[", i)) {
        int end = text.indexOf("]]>", i);
        int stop = end < 0 ? text.length() : end;
        out.append(text, i + "<![CDATA[".length(), stop);
        i = end < 0 ? stop : end + 3;
        continue;
      }
      char c = text.charAt(i);
      int semicolon = c == '&' ? text.indexOf(';', i) : -1;
      String resolved = semicolon > 0 ? reference(text.substring(i + 1, semicolon)) : null;
      if (resolved != null) {
        out.append(resolved);
        i = semicolon + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /**
   * {@code value} as element content: {@code & < >} as references, and CR as {@code &#13;}, since
   * a parser would read a written CR as a line break. Each LF is written as {@code lineBreak}, which
   * a parser reads back as LF. Characters XML 1.0 cannot hold are refused, naming {@code what}.
   */
  static String escapeContent(String value, String lineBreak, String what) {
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '\r' -> out.append("&#13;");
        case '\n' -> out.append(lineBreak);
        default -> {
          requireAllowed(value, i, what);
          out.append(c);
        }
      }
    }
    return out.toString();
  }

  /** {@code value} inside a double-quoted attribute. */
  static String escapeAttribute(String value, String what) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '"' -> out.append("&quot;");
        case '\t' -> out.append("&#9;");
        case '\n' -> out.append("&#10;");
        case '\r' -> out.append("&#13;");
        default -> {
          requireAllowed(value, i, what);
          out.append(c);
        }
      }
    }
    return out.toString();
  }

  private static void requireAllowed(String value, int index, String what) {
    char c = value.charAt(index);
    boolean control = c < 0x20 && c != '\t' && c != '\n' && c != '\r';
    boolean noncharacter = c == 0xFFFE || c == 0xFFFF;
    boolean loneSurrogate = Character.isHighSurrogate(c)
        ? index + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(index + 1))
        : Character.isLowSurrogate(c) && (index == 0 || !Character.isHighSurrogate(value.charAt(index - 1)));
    if (control || noncharacter || loneSurrogate) {
      throw new IllegalArgumentException(what + " holds a character XML 1.0 cannot represent");
    }
  }

  private static String reference(String name) {
    return switch (name) {
      case "amp" -> "&";
      case "lt" -> "<";
      case "gt" -> ">";
      case "quot" -> "\"";
      case "apos" -> "'";
      default -> numeric(name);
    };
  }

  private static String numeric(String name) {
    if (!name.startsWith("#") || name.length() < 2) {
      return null;
    }
    boolean hex = name.charAt(1) == 'x';
    String digits = name.substring(hex ? 2 : 1);
    if (digits.isEmpty() || digits.length() > 8) {
      return null;
    }
    try {
      int codePoint = Integer.parseInt(digits, hex ? 16 : 10);
      return Character.isValidCodePoint(codePoint) ? Character.toString(codePoint) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
