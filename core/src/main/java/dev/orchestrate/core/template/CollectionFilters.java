package dev.orchestrate.core.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Ansible's filters over lists and dicts: map, extract, join, sort, min, max, combine, dict2items, ... */
final class CollectionFilters {
  private static final List<String> LIST_MERGES = List.of("replace", "keep", "append", "prepend");

  private CollectionFilters() {}

  static List<AnsibleFilter> all() {
    return List.of(
        AnsibleFilter.of("map", CollectionFilters::map),
        AnsibleFilter.of("extract", CollectionFilters::extract),
        AnsibleFilter.of("join", CollectionFilters::join),
        AnsibleFilter.of("list", (value, arguments, interpreter) -> Attributes.elements(value, "list")),
        AnsibleFilter.of("first", (value, arguments, interpreter) -> end(value, "first", true)),
        AnsibleFilter.of("last", (value, arguments, interpreter) -> end(value, "last", false)),
        AnsibleFilter.of("sort", CollectionFilters::sort),
        AnsibleFilter.of("min", (value, arguments, interpreter) -> extreme(value, arguments, "min", false)),
        AnsibleFilter.of("max", (value, arguments, interpreter) -> extreme(value, arguments, "max", true)),
        AnsibleFilter.of("combine", CollectionFilters::combine),
        AnsibleFilter.of("dict2items", CollectionFilters::dictToItems),
        AnsibleFilter.of("items2dict", CollectionFilters::itemsToDict),
        AnsibleFilter.of("flatten", CollectionFilters::flatten),
        AnsibleFilter.of("unique", CollectionFilters::unique));
  }

  /**
   * Jinja2's unique, which Ansible uses: the first of each value, in order, strings compared
   * without regard to case unless {@code case_sensitive=true}; {@code attribute=} compares by one.
   */
  private static Object unique(Object value, Arguments arguments, JinjavaInterpreter interpreter) {
    boolean caseSensitive = PythonTruth.of(arguments.get(0, "case_sensitive", false));
    Object attribute = arguments.get(1, "attribute", null);
    java.util.Set<Object> seen = new java.util.HashSet<>();
    List<Object> unique = new ArrayList<>();
    for (Object element : Attributes.elements(value, "unique")) {
      Object key = attribute == null ? element : Attributes.path(element, String.valueOf(attribute));
      if (!caseSensitive && key instanceof String text) {
        key = text.toLowerCase(java.util.Locale.ROOT);
      }
      if (seen.add(key)) {
        unique.add(element);
      }
    }
    return unique;
  }

  /**
   * Ansible's flatten: nested lists made one, to {@code levels} deep when given; nulls are left
   * out (and, as Ansible does, the strings "None" and "null") unless {@code skip_nulls=false}.
   */
  private static Object flatten(Object value, Arguments arguments, JinjavaInterpreter interpreter) {
    Object levels = arguments.get(0, "levels", null);
    boolean skipNulls = PythonTruth.of(arguments.get(1, "skip_nulls", true));
    List<Object> flat = new ArrayList<>();
    flatten(Attributes.elements(value, "flatten"), levels == null ? -1 : ((Number) levels).intValue(), skipNulls, flat);
    return flat;
  }

  private static void flatten(List<Object> elements, int levels, boolean skipNulls, List<Object> into) {
    for (Object element : elements) {
      if (skipNulls && (element == null || "None".equals(element) || "null".equals(element))) {
        continue;
      }
      if (element instanceof List<?> nested && levels != 0) {
        flatten(new ArrayList<>(nested), levels - 1, skipNulls, into);
      } else {
        into.add(element);
      }
    }
  }

  /**
   * Jinja's map: each element's {@code attribute=} (a dotted path, with {@code default=} for the
   * elements that lack it), or each element through the named filter with the remaining arguments:
   * {@code map('extract', hostvars, 'ansible_host')}.
   */
  private static Object map(Object value, Arguments arguments, JinjavaInterpreter interpreter) {
    List<Object> elements = Attributes.elements(value, "map");
    List<Object> mapped = new ArrayList<>(elements.size());
    if (arguments.named().containsKey("attribute")) {
      String attribute = String.valueOf(arguments.named().get("attribute"));
      boolean hasDefault = arguments.named().containsKey("default");
      for (Object element : elements) {
        Object item = Attributes.path(element, attribute);
        mapped.add(item instanceof Undefined && hasDefault ? arguments.named().get("default") : item);
      }
      return mapped;
    }
    if (arguments.positional().isEmpty()) {
      throw new TemplateFault("map needs a filter name or attribute=: map('upper') or map(attribute='name')");
    }
    Filter filter = interpreter.getContext().getFilter(String.valueOf(arguments.positional().get(0)));
    Object[] rest = arguments.from(1).toArray();
    for (Object element : elements) {
      mapped.add(filter.filter(element, interpreter, rest, arguments.named()));
    }
    return mapped;
  }

  /** Ansible's extract: {@code container[value]}, then each of {@code morekeys} in turn. */
  private static Object extract(Object value, Arguments arguments, JinjavaInterpreter interpreter) {
    Object container = arguments.get(0, "container", null);
    Object result = Attributes.item(container, value);
    Object keys = arguments.get(1, "morekeys", null);
    if (keys != null) {
      for (Object key : keys instanceof Collection<?> many ? many : List.of(keys)) {
        result = Attributes.item(result, key);
      }
    }
    return result;
  }

  private static Object join(Object value, Arguments arguments, JinjavaInterpreter interpreter) {
    String separator = arguments.string(0, "d", "");
    String attribute = arguments.string(1, "attribute", null);
    return Attributes.elements(value, "join").stream()
        .map(element -> attribute == null ? element : Attributes.path(element, attribute))
        .map(PythonText::str)
        .collect(Collectors.joining(separator));
  }

  private static Object end(Object value, String filter, boolean first) {
    List<Object> elements = Attributes.elements(value, filter);
    if (elements.isEmpty()) {
      throw new TemplateFault(filter + ": the list is empty");
    }
    return elements.get(first ? 0 : elements.size() - 1);
  }

  /**
   * Jinja's sort: {@code reverse}, {@code case_sensitive} (by default strings compare ignoring
   * case), {@code attribute}.
   */
  private static Object sort(Object value, Arguments arguments, JinjavaInterpreter interpreter) {
    List<Object> elements = Attributes.elements(value, "sort");
    Comparator<Object> order = order(arguments.string(2, "attribute", null), arguments.flag(1, "case_sensitive"));
    elements.sort(arguments.flag(0, "reverse") ? order.reversed() : order);
    return elements;
  }

  private static Object extreme(Object value, Arguments arguments, String filter, boolean greatest) {
    List<Object> elements = Attributes.elements(value, filter);
    if (elements.isEmpty()) {
      throw new TemplateFault(filter + ": the list is empty");
    }
    Comparator<Object> order = order(attribute(arguments), PythonTruth.of(arguments.keyword("case_sensitive", false)));
    return greatest ? elements.stream().max(order).orElseThrow() : elements.stream().min(order).orElseThrow();
  }

  private static String attribute(Arguments arguments) {
    Object attribute = arguments.keyword("attribute", null);
    return attribute == null ? null : attribute.toString();
  }

  private static Comparator<Object> order(String attribute, boolean caseSensitive) {
    PythonOrder order = new PythonOrder(caseSensitive);
    return attribute == null ? order : Comparator.comparing(element -> Attributes.path(element, attribute), order);
  }

  /**
   * Ansible's combine: later dicts win; {@code recursive=true} merges nested dicts;
   * {@code list_merge} says what becomes of two lists under one key.
   */
  private static Object combine(Object value, Arguments arguments, JinjavaInterpreter interpreter) {
    boolean recursive = PythonTruth.of(arguments.keyword("recursive", false));
    String listMerge = String.valueOf(arguments.keyword("list_merge", "replace"));
    if (!LIST_MERGES.contains(listMerge)) {
      throw new TemplateFault("combine: list_merge '" + listMerge + "' is not one of " + LIST_MERGES);
    }
    List<Object> dicts = new ArrayList<>();
    dicts.add(value);
    for (Object argument : arguments.positional()) {
      dicts.addAll(argument instanceof List<?> many ? many : List.of(argument));
    }
    Map<Object, Object> combined = new LinkedHashMap<>();
    for (Object dict : dicts) {
      merge(combined, dict(dict, "combine"), recursive, listMerge);
    }
    return combined;
  }

  private static void merge(Map<Object, Object> into, Map<?, ?> from, boolean recursive, String listMerge) {
    from.forEach((key, value) -> {
      Object present = into.get(key);
      if (recursive && present instanceof Map<?, ?> left && value instanceof Map<?, ?> right) {
        Map<Object, Object> nested = new LinkedHashMap<>(left);
        merge(nested, right, true, listMerge);
        into.put(key, nested);
      } else if (present instanceof List<?> left && value instanceof List<?> right) {
        into.put(key, mergeLists(left, right, listMerge));
      } else {
        into.put(key, value);
      }
    });
  }

  private static Object mergeLists(List<?> left, List<?> right, String listMerge) {
    List<Object> merged = new ArrayList<>();
    switch (listMerge) {
      case "keep" -> merged.addAll(left);
      case "append" -> {
        merged.addAll(left);
        merged.addAll(right);
      }
      case "prepend" -> {
        merged.addAll(right);
        merged.addAll(left);
      }
      default -> merged.addAll(right);
    }
    return merged;
  }

  private static Object dictToItems(Object value, Arguments arguments, JinjavaInterpreter interpreter) {
    String keyName = arguments.string(0, "key_name", "key");
    String valueName = arguments.string(1, "value_name", "value");
    List<Object> items = new ArrayList<>();
    dict(value, "dict2items").forEach((key, item) -> {
      Map<String, Object> pair = new LinkedHashMap<>();
      pair.put(keyName, key);
      pair.put(valueName, item);
      items.add(pair);
    });
    return items;
  }

  private static Object itemsToDict(Object value, Arguments arguments, JinjavaInterpreter interpreter) {
    String keyName = arguments.string(0, "key_name", "key");
    String valueName = arguments.string(1, "value_name", "value");
    Map<Object, Object> dict = new LinkedHashMap<>();
    for (Object item : Attributes.elements(value, "items2dict")) {
      Object key = Attributes.item(item, keyName);
      Strictness.refuseUndefined(key);
      Object itemValue = Attributes.item(item, valueName);
      Strictness.refuseUndefined(itemValue);
      dict.put(key, itemValue);
    }
    return dict;
  }

  private static Map<?, ?> dict(Object value, String filter) {
    if (value instanceof Map<?, ?> map) {
      return map;
    }
    throw new TemplateFault(filter + " expects a dict, not " + Undefined.typeName(value));
  }
}
