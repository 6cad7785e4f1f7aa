package dev.orchestrate.core.template;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Locale;

/**
 * Python's ordering for sort, min and max: numbers (booleans among them) by value, strings by
 * their characters, and no order between a number and a string.
 */
final class PythonOrder implements Comparator<Object> {
  private final boolean caseSensitive;

  PythonOrder(boolean caseSensitive) {
    this.caseSensitive = caseSensitive;
  }

  @Override
  public int compare(Object left, Object right) {
    Strictness.refuseUndefined(left);
    Strictness.refuseUndefined(right);
    if (isNumber(left) && isNumber(right)) {
      double first = real(left);
      double second = real(right);
      if (Double.isFinite(first) && Double.isFinite(second)) {
        return decimal(left).compareTo(decimal(right));
      }
      return Double.compare(first, second);
    }
    if (left instanceof CharSequence && right instanceof CharSequence) {
      String first = left.toString();
      String second = right.toString();
      if (!caseSensitive) {
        first = first.toLowerCase(Locale.ROOT);
        second = second.toLowerCase(Locale.ROOT);
      }
      return first.compareTo(second);
    }
    throw new TemplateFault(
        "cannot order " + Undefined.typeName(left) + " and " + Undefined.typeName(right) + ": use values of one kind");
  }

  private static boolean isNumber(Object value) {
    return value instanceof Number || value instanceof Boolean;
  }

  private static double real(Object value) {
    return value instanceof Boolean bool ? (bool ? 1 : 0) : ((Number) value).doubleValue();
  }

  private static BigDecimal decimal(Object value) {
    if (value instanceof Boolean bool) {
      return bool ? BigDecimal.ONE : BigDecimal.ZERO;
    }
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    if (value instanceof Double || value instanceof Float) {
      return BigDecimal.valueOf(((Number) value).doubleValue());
    }
    return new BigDecimal(value.toString());
  }
}
