package dev.orchestrate.core.template;

import com.hubspot.jinjava.objects.SafeString;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value Jinjava computed, as the plain Java value a playbook reader expects: Jinjava's list and
 * dict wrappers, sets and arrays become unmodifiable lists and maps (which may hold nulls, as
 * Python's may hold None), numbers become Longs and Doubles, safe strings become strings, and an
 * undefined value is an error.
 */
final class NativeValues {
  private NativeValues() {}

  static Object of(Object value) {
    if (value instanceof Undefined undefined) {
      throw undefined.failure();
    }
    if (value instanceof Number number) {
      return number(number);
    }
    if (value instanceof SafeString safe) {
      return safe.toString();
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((key, item) -> copy.put(of(key), of(item)));
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof Map.Entry<?, ?> entry) {
      return Collections.unmodifiableList(Arrays.asList(of(entry.getKey()), of(entry.getValue())));
    }
    if (value instanceof Collection<?> collection) {
      List<Object> copy = new ArrayList<>(collection.size());
      collection.forEach(item -> copy.add(of(item)));
      return Collections.unmodifiableList(copy);
    }
    if (value != null && value.getClass().isArray()) {
      int length = Array.getLength(value);
      List<Object> copy = new ArrayList<>(length);
      for (int i = 0; i < length; i++) {
        copy.add(of(Array.get(value, i)));
      }
      return Collections.unmodifiableList(copy);
    }
    return value;
  }

  /**
   * A number as Python's int or float: a Long or a Double. Jinjava mixes Integer, Long and
   * BigDecimal (from sum, or arithmetic on them); a whole BigDecimal becomes a Long, or a
   * BigInteger if it does not fit.
   */
  static Number number(Number number) {
    if (number instanceof BigDecimal decimal) {
      BigDecimal stripped = decimal.stripTrailingZeros();
      if (stripped.scale() > 0) {
        return decimal.doubleValue();
      }
      return number(stripped.toBigIntegerExact());
    }
    if (number instanceof BigInteger integer && integer.bitLength() < 64) {
      return integer.longValueExact();
    }
    if (number instanceof Float real) {
      return real.doubleValue();
    }
    if (number instanceof Integer || number instanceof Short || number instanceof Byte) {
      return number.longValue();
    }
    return number;
  }
}
