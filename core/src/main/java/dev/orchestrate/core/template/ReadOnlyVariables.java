package dev.orchestrate.core.template;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

/**
 * The caller's variables as deep read-only views. Jinjava lets a template call {@code
 * append} or {@code update} on the lists and dicts it is given, and a play's variables are
 * shared by renders on other threads; through these views such a call fails instead. Nested
 * values are wrapped as they are read, so a render pays only for what it reads.
 */
final class ReadOnlyVariables {
  private ReadOnlyVariables() {}

  static Map<String, Object> of(Map<String, Object> variables) {
    Map<String, Object> views = new HashMap<>(variables.size() * 2);
    variables.forEach((name, value) -> views.put(name, view(value)));
    return views;
  }

  static Object view(Object value) {
    if (value instanceof ListView || value instanceof MapView) {
      return value;
    }
    if (value instanceof List<?> list) {
      return new ListView(list);
    }
    if (value instanceof Map<?, ?> map) {
      return new MapView(map);
    }
    return value;
  }

  private static final class ListView extends AbstractList<Object> implements RandomAccess {
    private final List<?> list;

    ListView(List<?> list) {
      this.list = list;
    }

    @Override
    public Object get(int index) {
      return view(list.get(index));
    }

    @Override
    public int size() {
      return list.size();
    }
  }

  private static final class MapView extends AbstractMap<Object, Object> {
    private final Map<?, ?> map;

    MapView(Map<?, ?> map) {
      this.map = map;
    }

    @Override
    public Object get(Object key) {
      return view(map.get(key));
    }

    @Override
    public boolean containsKey(Object key) {
      return map.containsKey(key);
    }

    @Override
    public int size() {
      return map.size();
    }

    @Override
    public Set<Entry<Object, Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Entry<Object, Object>> iterator() {
          Iterator<? extends Entry<?, ?>> entries = map.entrySet().iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return entries.hasNext();
            }

            @Override
            public Entry<Object, Object> next() {
              Entry<?, ?> entry = entries.next();
              return new SimpleImmutableEntry<>(entry.getKey(), view(entry.getValue()));
            }
          };
        }

        @Override
        public int size() {
          return map.size();
        }
      };
    }
  }
}
