package dev.orchestrate.core.template;

import com.hubspot.jinjava.el.TruthyTypeConverter;

/**
 * Jinjava's coercions, refusing an {@link Undefined}: comparing it, adding to it or reading it as
 * a number or a string is an error, where Jinjava would carry on with a null.
 */
final class StrictTypeConverter extends TruthyTypeConverter {
  private static final long serialVersionUID = 1L;

  @Override
  protected Object coerceToType(Object value, Class<?> type) {
    if (value instanceof Undefined undefined && type != Object.class) {
      throw undefined.failure();
    }
    return super.coerceToType(value, type);
  }
}
