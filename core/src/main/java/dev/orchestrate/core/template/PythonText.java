package dev.orchestrate.core.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.expression.ExpressionStrategy;
import com.hubspot.jinjava.tree.output.RenderedOutputNode;
import com.hubspot.jinjava.tree.parse.ExpressionToken;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.StringJoiner;

/**
 * How a value prints inside a larger template, as Ansible prints it: Python's {@code str()}
 * ({@code True}, {@code ['a', 'b']}, {@code {'k': 1}}), with None printing as nothing. Jinjava
 * would print Java's forms ({@code true}, {@code [a, b]}, {@code {k=1}}), and a shell command
 * or a message built from a template must read the same as under Ansible.
 */
final class PythonText implements ExpressionStrategy {
  private static final long serialVersionUID = 1L;

  @Override
  public RenderedOutputNode interpretOutput(ExpressionToken token, JinjavaInterpreter interpreter) {
    Object value = interpreter.resolveELExpression(token.getExpr(), token.getLineNumber());
    return new RenderedOutputNode(value == null ? "" : str(value));
  }

  /** Python's str(): strings as they are, everything else as its repr. */
  static String str(Object value) {
    if (value instanceof CharSequence text) {
      return text.toString();
    }
    return repr(value);
  }

  static String repr(Object value) {
    Strictness.refuseUndefined(value);
    if (value == null) {
      return "None";
    }
    if (value instanceof Boolean bool) {
      return bool ? "True" : "False";
    }
    if (value instanceof CharSequence text) {
      return quoted(text.toString());
    }
    if (value instanceof Number number) {
      return number(number);
    }
    if (value instanceof Map<?, ?> map) {
      StringJoiner items = new StringJoiner(", ", "{", "}");
      map.forEach((key, item) -> items.add(repr(key) + ": " + repr(item)));
      return items.toString();
    }
    if (value instanceof Map.Entry<?, ?> entry) {
      return "(" + repr(entry.getKey()) + ", " + repr(entry.getValue()) + ")";
    }
    if (value instanceof Collection<?> collection) {
      return sequence(collection.iterator());
    }
    if (value.getClass().isArray()) {
      StringJoiner items = new StringJoiner(", ", "[", "]");
      for (int i = 0; i < Array.getLength(value); i++) {
        items.add(repr(Array.get(value, i)));
      }
      return items.toString();
    }
    return value.toString();
  }

  private static String sequence(Iterator<?> iterator) {
    StringJoiner items = new StringJoiner(", ", "[", "]");
    iterator.forEachRemaining(item -> items.add(repr(item)));
    return items.toString();
  }

  private static String number(Number number) {
    Number plain = NativeValues.number(number);
    if (plain instanceof Double real) {
      if (real.isNaN()) {
        return "nan";
      }
      if (real.isInfinite()) {
        return real > 0 ? "inf" : "-inf";
      }
      if (real == Math.rint(real) && Math.abs(real) < 1e16) {
        return new BigDecimal(real).toPlainString() + ".0";
      }
    }
    return plain.toString();
  }

  /** Python's repr of a string: single quotes unless it holds one and no double quote. */
  private static String quoted(String text) {
    char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder repr = new StringBuilder(text.length() + 2).append(quote);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '\\' -> repr.append("\\\\");
        case '\n' -> repr.append("\\n");
        case '\r' -> repr.append("\\r");
        case '\t' -> repr.append("\\t");
        default -> {
          if (c == quote) {
            repr.append('\\');
          }
          repr.append(c);
        }
      }
    }
    return repr.append(quote).toString();
  }
}
