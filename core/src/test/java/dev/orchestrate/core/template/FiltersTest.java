package dev.orchestrate.core.template;

import static dev.orchestrate.core.template.Play.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each filter Ansible playbooks use, as Ansible answers it. */
class FiltersTest {
  static Stream<Arguments> filters() {
    return Stream.of(
        arguments("{{ missing | default('x') }}", "x"),
        arguments("{{ name | default('x') }}", "confluence"),
        arguments("{{ '' | default('x') }}", ""),
        arguments("{{ '' | default('x', true) }}", "x"),
        arguments("{{ groups.nobody | default(['all'], true) }}", List.of("all")),
        arguments("{{ nothing | default('x') }}", null),
        arguments("{{ nothing | default('x', true) }}", "x"),
        arguments("{{ missing | d('y') }}", "y"),
        arguments("{{ missing | default }}", ""),
        arguments("{{ numbers | join(',') }}", "3,1,2,1"),
        arguments("{{ groups.confluence | join }}", "node1node2"),
        arguments("{{ [true, none, 'a'] | join(' ') }}", "True None a"),
        arguments("{{ people | join(', ', attribute='name') }}", "bob, alice"),
        arguments("{{ people | map(attribute='name') | list }}", List.of("bob", "alice")),
        arguments("{{ [{'a': {'b': 1} }, {'a': {'b': 2} }] | map(attribute='a.b') | list }}", List.of(1L, 2L)),
        arguments("{{ people | map(attribute='height', default=0) | list }}", List.of(0L, 0L)),
        arguments("{{ groups.confluence | map('upper') | list }}", List.of("NODE1", "NODE2")),
        arguments("{{ groups.confluence | map('regex_replace', '^node', 'host') | list }}", List.of("host1", "host2")),
        arguments("{{ groups.confluence | map('extract', hostvars, 'ansible_host') | list }}",
            List.of("10.0.0.1", "10.0.0.2")),
        arguments("{{ groups.confluence | map('extract', hostvars) | map(attribute='port') | list }}",
            List.of(8090L, 8091L)),
        arguments("{{ 'node2' | extract(hostvars, 'port') }}", 8091L),
        arguments("{{ 1 | extract(['a', 'b']) }}", "b"),
        arguments("{{ 'NoDe' | upper }}", "NODE"),
        arguments("{{ 'NoDe' | lower }}", "node"),
        arguments("{{ 'yes' | bool }}", true),
        arguments("{{ 'On' | bool }}", true),
        arguments("{{ '1' | bool }}", true),
        arguments("{{ 'TRUE' | bool }}", true),
        arguments("{{ 'no' | bool }}", false),
        arguments("{{ 'anything' | bool }}", false),
        arguments("{{ 0 | bool }}", false),
        arguments("{{ nothing | bool }}", null),
        arguments("{{ enabled | bool }}", true),
        arguments("{{ '42' | int }}", 42L),
        arguments("{{ ' 7 ' | int }}", 7L),
        arguments("{{ '4.7' | int }}", 4L),
        arguments("{{ 4.7 | int }}", 4L),
        arguments("{{ 'abc' | int }}", 0L),
        arguments("{{ 'abc' | int(9) }}", 9L),
        arguments("{{ '0x1A' | int(base=16) }}", 26L),
        arguments("{{ '755' | int(0, 8) }}", 493L),
        arguments("{{ count | string }}", "3"),
        arguments("{{ groups.others | string }}", "['node2']"),
        arguments("{{ enabled | string }}", "True"),
        arguments("{{ numbers | length }}", 4L),
        arguments("{{ name | length }}", 10L),
        arguments("{{ settings | length }}", 2L),
        arguments("{{ numbers | count }}", 4L),
        arguments("{{ numbers | first }}", 3L),
        arguments("{{ numbers | last }}", 1L),
        arguments("{{ name | first }}", "c"),
        arguments("{{ numbers | select('odd') | list }}", List.of(3L, 1L, 1L)),
        arguments("{{ numbers | reject('odd') | list }}", List.of(2L)),
        arguments("{{ numbers | select('equalto', 1) | list }}", List.of(1L, 1L)),
        arguments("{{ people | selectattr('age', 'gt', 35) | map(attribute='name') | list }}", List.of("bob")),
        arguments("{{ people | selectattr('name', 'equalto', 'alice') | map(attribute='age') | list }}", List.of(30L)),
        arguments("{{ people | rejectattr('name', 'match', '^b') | map(attribute='name') | list }}", List.of("alice")),
        arguments("{{ [result, failure] | selectattr('failed') | map(attribute='rc') | list }}", List.of(2L)),
        arguments("{{ [result, skip] | selectattr('rc', 'defined') | map(attribute='rc') | list }}", List.of(0L)),
        arguments("{{ [result, skip] | rejectattr('rc', 'defined') | list | length }}", 1L),
        arguments("{{ numbers | unique | list }}", List.of(3L, 1L, 2L)),
        arguments("{{ numbers | sort }}", List.of(1L, 1L, 2L, 3L)),
        arguments("{{ numbers | sort(reverse=true) }}", List.of(3L, 2L, 1L, 1L)),
        arguments("{{ words | sort }}", List.of("Alpha", "beta", "gamma")),
        arguments("{{ words | sort(case_sensitive=true) }}", List.of("Alpha", "beta", "gamma")),
        arguments("{{ ['b', 'a', 'C'] | sort(case_sensitive=true) }}", List.of("C", "a", "b")),
        arguments("{{ people | sort(attribute='age') | map(attribute='name') | list }}", List.of("alice", "bob")),
        arguments("{{ 'a-b-c' | replace('-', '+') }}", "a+b+c"),
        arguments("{{ 'v8.5.4' | regex_replace('^v(\\d+)\\.(\\d+).*$', '\\1-\\2') }}", "8-5"),
        arguments("{{ 'v8.5' | regex_replace('(?P<major>\\d+)', '<\\g<major>>') }}", "v<8>.<5>"),
        arguments("{{ 'cost' | regex_replace('o', '$1') }}", "c$1st"),
        arguments("{{ 'AaA' | regex_replace('a', 'b', ignorecase=true) }}", "bbb"),
        arguments("{{ 'aaa' | regex_replace('a', 'b', count=2) }}", "bba"),
        arguments("{{ result.stdout | regex_search('\\d+\\.\\d+\\.\\d+') }}", "8.5.4"),
        arguments("{{ result.stdout | regex_search('(\\d+)\\.(\\d+)', '\\2', '\\1') }}", List.of("5", "8")),
        arguments("{{ result.stdout | regex_search('(?P<major>\\d+)', '\\g<major>') }}", List.of("8")),
        arguments("{{ result.stdout | regex_search('^ready', multiline=true) }}", "ready"),
        arguments("{{ name | regex_search('\\d') }}", null),
        arguments("{{ 'v8.5.4' | regex_search('(?P<major_version>\\d+)', '\\g<major_version>') }}", List.of("8")),
        arguments("{{ 'a1b22' | regex_findall('\\d+') }}", List.of("1", "22")),
        arguments("{{ 'k=v x=y' | regex_findall('(\\w)=(\\w)') }}", List.of(List.of("k", "v"), List.of("x", "y"))),
        arguments("{{ [[1], [2, [3]], none] | flatten }}", List.of(1L, 2L, 3L)),
        arguments("{{ [[1], [2, [3]]] | flatten(levels=1) }}", List.of(1L, 2L, List.of(3L))),
        arguments("{{ ['b', 'A', 'a', 'B'] | unique }}", List.of("b", "A")),
        arguments("{{ ['b', 'A', 'a', 'B', 'b'] | unique(case_sensitive=true) }}", List.of("b", "A", "a", "B")),
        arguments("{{ people | unique(attribute='name') | map(attribute='name') | list }}", List.of("bob", "alice")),
        arguments("{{ 'foo' | bool }}", false),
        arguments("{{ ' yes' | bool }}", false),
        arguments("{{ 2 | bool }}", false),
        arguments("{{ '  padded\n' | trim }}", "padded"),
        arguments("{{ settings | to_json }}", "{\"heap\": \"2g\", \"jvm\": {\"gc\": \"G1\"}}"),
        arguments("{{ [1, 2.5, none, true, 'é\"'] | to_json }}", "[1, 2.5, null, true, \"\\u00e9\\\"\"]"),
        arguments("{{ '{\"a\": [1, {\"b\": null}]}' | from_json }}", Map.of("a", List.of(1L, mapWithNull("b")))),
        arguments("{{ (settings | to_json | from_json).jvm.gc }}", "G1"),
        arguments("{{ '/opt/atlassian/confluence.cfg.xml' | basename }}", "confluence.cfg.xml"),
        arguments("{{ '/opt/atlassian/confluence/' | basename }}", ""),
        arguments("{{ '/opt/atlassian/confluence.cfg.xml' | dirname }}", "/opt/atlassian"),
        arguments("{{ '/opt' | dirname }}", "/"),
        arguments("{{ 'file.txt' | dirname }}", ""),
        arguments("{{ \"it's here\" | quote }}", "'it'\\''s here'"),
        arguments("{{ '/opt/plain' | quote }}", "/opt/plain"),
        arguments("{{ '' | quote }}", "''"),
        arguments("{{ 'hello' | b64encode }}", "aGVsbG8="),
        arguments("{{ 'aGVsbG8=' | b64decode }}", "hello"),
        arguments("{{ settings | combine({'heap': '4g'}) }}", Map.of("heap", "4g", "jvm", Map.of("gc", "G1"))),
        arguments("{{ settings | combine({'jvm': {'xss': '1m'} }) }}",
            Map.of("heap", "2g", "jvm", Map.of("xss", "1m"))),
        arguments("{{ settings | combine({'jvm': {'xss': '1m'} }, recursive=true) }}",
            Map.of("heap", "2g", "jvm", Map.of("gc", "G1", "xss", "1m"))),
        arguments("{{ {'a': 1} | combine({'b': 2}, {'a': 3}) }}", Map.of("a", 3L, "b", 2L)),
        arguments("{{ {'l': [1]} | combine({'l': [2]}) }}", Map.of("l", List.of(2L))),
        arguments("{{ {'l': [1]} | combine({'l': [2]}, list_merge='append') }}", Map.of("l", List.of(1L, 2L))),
        arguments("{{ {'l': [1]} | combine({'l': [2]}, list_merge='prepend') }}", Map.of("l", List.of(2L, 1L))),
        arguments("{{ {'l': [1]} | combine({'l': [2]}, list_merge='keep') }}", Map.of("l", List.of(1L))),
        arguments("{{ settings.jvm | dict2items }}", List.of(Map.of("key", "gc", "value", "G1"))),
        arguments("{{ {'a': 1} | dict2items(key_name='name', value_name='size') }}",
            List.of(Map.of("name", "a", "size", 1L))),
        arguments("{{ [{'key': 'a', 'value': 1}] | items2dict }}", Map.of("a", 1L)),
        arguments("{{ people | items2dict(key_name='name', value_name='age') }}", Map.of("bob", 40L, "alice", 30L)),
        arguments("{{ settings | dict2items | items2dict }}", Map.of("heap", "2g", "jvm", Map.of("gc", "G1"))),
        arguments("{{ name | list }}", List.of("c", "o", "n", "f", "l", "u", "e", "n", "c", "e")),
        arguments("{{ groups.confluence | list }}", List.of("node1", "node2")),
        arguments("{{ numbers | min }}", 1L),
        arguments("{{ numbers | max }}", 3L),
        arguments("{{ [2, 1.5] | min }}", 1.5),
        arguments("{{ words | max }}", "gamma"),
        arguments("{{ people | min(attribute='age') }}", Map.of("name", "alice", "age", 30L)),
        arguments("{{ numbers | sum }}", 7L),
        arguments("{{ [1.5, 2] | sum }}", 3.5),
        arguments("{{ people | sum(attribute='age') }}", 70L),
        arguments("{{ [1, 2, 3, 2] | difference([2]) }}", List.of(1L, 3L)),
        arguments("{{ [1, 2, 2] | union([3, 1]) }}", List.of(1L, 2L, 3L)),
        arguments("{{ [1, 2, 3] | intersect([3, 2, 5]) }}", List.of(2L, 3L)),
        arguments("{{ enabled | ternary('on', 'off') }}", "on"),
        arguments("{{ '' | ternary('on', 'off') }}", "off"),
        arguments("{{ nothing | ternary('on', 'off', 'unset') }}", "unset"),
        arguments("{{ nothing | ternary('on', 'off') }}", "off"),
        arguments("{{ name | mandatory }}", "confluence"));
  }

  private static Map<String, Object> mapWithNull(String key) {
    Map<String, Object> map = new HashMap<>();
    map.put(key, null);
    return map;
  }

  @ParameterizedTest
  @MethodSource("filters")
  void aFilterAnswersAsAnsibles(String template, Object expected) {
    assertThat(render(template)).isEqualTo(expected);
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        arguments("{{ missing | mandatory }}", "mandatory variable not defined: 'missing' is undefined"),
        arguments("{{ missing | mandatory('set missing in the play') }}", "set missing in the play"),
        arguments("{{ result.nope | mandatory }}",
            "mandatory variable not defined: 'dict object' has no attribute 'nope'"),
        arguments("{{ people | map(attribute='height') | list }}", "'dict object' has no attribute 'height'"),
        arguments("{{ 'node9' | extract(hostvars) }}", "'dict object' has no attribute 'node9'"),
        arguments("{{ 'nope' | from_json }}", "from_json: the text is not JSON: Unrecognized token 'nope': "
            + "was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"),
        arguments("{{ count | combine({}) }}", "combine expects a dict, not int object"),
        arguments("{{ settings | combine({}, list_merge='merge') }}",
            "combine: list_merge 'merge' is not one of [replace, keep, append, prepend]"),
        arguments("{{ count | dict2items }}", "dict2items expects a dict, not int object"),
        arguments("{{ count | sort }}", "sort expects a list, not int object"),
        arguments("{{ groups.nobody | first }}", "first: the list is empty"),
        arguments("{{ groups.nobody | max }}", "max: the list is empty"),
        arguments("{{ [1, 'a'] | sort }}", "cannot order str object and int object: use values of one kind"),
        arguments("{{ name | regex_replace('(', 'x') }}", "bad regular expression '(': Unclosed group"),
        arguments("{{ name | regex_search('c', '\\3') }}", "no group \\3 in the regular expression 'c'"),
        arguments("{{ name | regex_search('c', 'x') }}",
            "'x' is not a group reference: write '\\1' or '\\g<name>'"),
        arguments("{{ groups | map }}", "map needs a filter name or attribute=: map('upper') or map(attribute='name')"),
        arguments("{{ groups.confluence | map('shout') | list }}", "no filter named 'shout'"));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void aFilterGivenWhatItCannotUseSaysWhy(String template, String reason) {
    assertThatThrownBy(() -> render(template))
        .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
