package dev.orchestrate.core.template;

import static dev.orchestrate.core.template.Play.evaluate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Python string and dict methods Ansible users call in templates. */
class PythonMethodsTest {
  static Stream<Arguments> methods() {
    return Stream.of(
        arguments("'a,b'.split(',')", List.of("a", "b")),
        arguments("'a,b,'.split(',')", List.of("a", "b", "")),
        arguments("'a.b.c'.split('.')", List.of("a", "b", "c")),
        arguments("'a,b,c'.split(',', 1)", List.of("a", "b,c")),
        arguments("' a  b\\tc '.split()", List.of("a", "b", "c")),
        arguments("''.split()", List.of()),
        arguments("'one\\ntwo'.splitlines()", List.of("one", "two")),
        arguments("result.stdout.split('\\n')[0]", "Confluence 8.5.4"),
        arguments("'  x  '.strip()", "x"),
        arguments("'xxhixx'.strip('x')", "hi"),
        arguments("'  x  '.lstrip()", "x  "),
        arguments("'  x  '.rstrip()", "  x"),
        arguments("name.startswith('conf')", true),
        arguments("name.startswith('flu')", false),
        arguments("name.startswith(['x', 'c'])", true),
        arguments("name.endswith('ence')", true),
        arguments("name.endswith('conf')", false),
        arguments("name.upper()", "CONFLUENCE"),
        arguments("'MiXed'.lower()", "mixed"),
        arguments("name.capitalize()", "Confluence"),
        arguments("'a.b.c'.replace('.', '/')", "a/b/c"),
        arguments("','.join(groups.confluence)", "node1,node2"),
        arguments("name.find('flu')", 3),
        arguments("name.find('x')", -1),
        arguments("'8090'.isdigit()", true),
        arguments("name[0]", "c"),
        arguments("name[-1]", "e"),
        arguments("name[0:4]", "conf"),
        arguments("settings.get('heap')", "2g"),
        arguments("settings.get('missing')", null),
        arguments("settings.get('missing', 'dflt')", "dflt"),
        arguments("settings.get('heap', 'dflt')", "2g"),
        arguments("settings.keys()", List.of("heap", "jvm")),
        arguments("settings.keys() | list | length", 2),
        arguments("settings.values() | first", "2g"),
        arguments("settings.items() | first", List.of("heap", "2g")),
        arguments("'heap' in settings", true),
        arguments("'heap' in settings.keys()", true),
        arguments("with_none | length", 2),
        arguments("with_none[1]", null));
  }

  @ParameterizedTest
  @MethodSource("methods")
  void aPythonMethodAnswersAsPythons(String expression, Object expected) {
    Object value = evaluate(expression);
    assertThat(value).isEqualTo(expected instanceof Integer whole ? (Object) whole.longValue() : expected);
  }
}
