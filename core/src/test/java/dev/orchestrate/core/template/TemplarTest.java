package dev.orchestrate.core.template;

import static dev.orchestrate.core.template.Play.TEMPLAR;
import static dev.orchestrate.core.template.Play.render;
import static dev.orchestrate.core.template.Play.variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TemplarTest {
  @ParameterizedTest
  @ValueSource(strings = {"plain", "", "{ not a template }", "50% { } %}", "${HOME}"})
  void aStringWithoutTemplateMarksIsReturnedAsIs(String text) {
    assertThat(render(text)).isSameAs(text);
  }

  @Test
  void aTemplateFileIsRenderedAsAnsiblesTemplateModuleDoes() {
    String file = """
        {% for node in groups.confluence %}
        - {{ node }}
        {% endfor %}
          {% if true %}kept indent{% endif %}

          {%- if true %} stripped{% endif %}
        end


        """;

    assertThat(TEMPLAR.renderFile(file, variables()))
        .as("trim_blocks on, lstrip_blocks off, trailing newlines kept")
        .isEqualTo("- node1\n- node2\n  kept indent strippedend\n\n\n");
    assertThat(TEMPLAR.renderFile("{{ name }}", variables())).isEqualTo("confluence");
  }

  @Test
  void aBackslashInAValuesStringLiteralIsReadAsWrittenAsAnsibleDoes() {
    assertThat(render("{{ 'a\\d' }}")).isEqualTo("a\\d");
    assertThat(render("{{ 'a\\\\d' }}")).isEqualTo("a\\\\d");
    assertThat(render("x{{ \"v1\" | regex_replace('\\d', 'N') }}\\n")).isEqualTo("xvN\\n");
    assertThat(TEMPLAR.renderFile("{{ 'a\\\\d' }}", variables())).as("template files keep Jinja's escapes").isEqualTo("a\\d");
  }

  @Test
  void aStringWithoutTemplateMarksNeedsNoVariables() {
    assertThat(TEMPLAR.render("{{ left alone", Map.of())).isEqualTo("{{ left alone");
  }

  static Stream<Arguments> singleExpressions() {
    return Stream.of(
        arguments("{{ groups['others'] }}", List.of("node2")),
        arguments("{{ groups.confluence }}", List.of("node1", "node2")),
        arguments("{{ hostvars['node2'] }}", Map.of("ansible_host", "10.0.0.2", "port", 8091L)),
        arguments("{{ result.rc }}", 0L),
        arguments("{{ enabled }}", true),
        arguments("{{ count > 2 }}", true),
        arguments("{{ ratio }}", 1.5),
        arguments("{{ count / 2 }}", 1.5),
        arguments("{{ count + 1 }}", 4L),
        arguments("{{ name }}", "confluence"),
        arguments("  {{ name }}\n", "  confluence\n"),
        arguments("{{ name }}\n", "confluence\n"),
        arguments("{{ count }}\n\n", "3\n\n"),
        arguments("{{ groups['others'] }}\n", List.of("node2")),
        arguments("{{ {'a': 1} }}\n", Map.of("a", 1L)),
        arguments("{{- name -}}", "confluence"),
        arguments("{{ nothing }}", null),
        arguments("{{ none }}", null),
        arguments("{{ [1, 'a', true] }}", List.of(1L, "a", true)),
        arguments("{{ {'a': 1} }}", Map.of("a", 1L)),
        arguments("{{ numbers | sum }}", 7L));
  }

  @ParameterizedTest
  @MethodSource("singleExpressions")
  void aTemplateThatIsOneExpressionKeepsItsNativeType(String template, Object expected) {
    assertThat(render(template)).isEqualTo(expected);
  }

  static Stream<Arguments> texts() {
    return Stream.of(
        arguments("host={{ inventory_hostname }}", "host=node1"),
        arguments("{{ name }}-{{ count }}", "confluence-3"),
        arguments("enabled={{ enabled }}", "enabled=True"),
        arguments("off={{ not enabled }}", "off=False"),
        arguments("hosts: {{ groups.confluence }}", "hosts: ['node1', 'node2']"),
        arguments("settings: {{ settings.jvm }}", "settings: {'gc': 'G1'}"),
        arguments("list: {{ with_none }}", "list: ['a', None]"),
        arguments("[{{ nothing }}]", "[]"),
        arguments("ratio {{ ratio }} whole {{ 2.0 }}", "ratio 1.5 whole 2.0"),
        arguments("{% for host in groups.confluence %}{{ host }};{% endfor %}", "node1;node2;"),
        arguments("{% if enabled %}on{% else %}off{% endif %}", "on"),
        arguments("{% set port = hostvars[inventory_hostname].port %}port={{ port }}", "port=8090"),
        arguments("{% for key, value in settings.jvm.items() %}{{ key }}={{ value }}{% endfor %}", "gc=G1"),
        arguments("{% raw %}{{ kept }}{% endraw %}", "{{ kept }}"));
  }

  @ParameterizedTest
  @MethodSource("texts")
  void anyOtherTemplateRendersToTextAsPythonPrintsValues(String template, String expected) {
    assertThat(render(template)).isEqualTo(expected);
  }

  @Test
  void mapValuesAndListElementsAreRenderedButNotMapKeys() {
    Map<String, Object> value = new HashMap<>();
    value.put("{{ name }}", "{{ name }}");
    value.put("hosts", List.of("{{ inventory_hostname }}", 5, Map.of("port", "{{ count }}")));

    Object rendered = TEMPLAR.render(value, variables());

    assertThat(rendered).isEqualTo(Map.of(
        "{{ name }}", "confluence",
        "hosts", List.of("node1", 5, Map.of("port", 3L))));
  }

  @Test
  void valuesOtherThanStringsMapsAndListsAreReturnedUnchanged() {
    Object value = new Object();
    assertThat(TEMPLAR.render(value, variables())).isSameAs(value);
    assertThat(TEMPLAR.render(42, variables())).isEqualTo(42);
    assertThat(TEMPLAR.render(null, variables())).isNull();
  }

  @Test
  void evaluateGivesTheValueOfABareExpression() {
    assertThat(TEMPLAR.evaluate("groups['confluence'] | length", variables())).isEqualTo(2L);
    assertThat(TEMPLAR.evaluate("hostvars[inventory_hostname].ansible_host", variables())).isEqualTo("10.0.0.1");
    assertThat(TEMPLAR.evaluate("result.stdout_lines", variables())).isEqualTo(List.of("Confluence 8.5.4", "ready"));
  }

  static Stream<Arguments> tolerated() {
    return Stream.of(
        arguments("{{ missing is defined }}", false),
        arguments("{{ missing is undefined }}", true),
        arguments("{{ missing is not defined }}", true),
        arguments("{{ result.missing is defined }}", false),
        arguments("{{ result.missing is undefined }}", true),
        arguments("{{ missing.deeper is defined }}", false),
        arguments("{{ result.rc is defined }}", true),
        arguments("{{ nothing is defined }}", true),
        arguments("{{ groups.nobody is defined }}", true),
        arguments("{{ missing | default('fallback') }}", "fallback"),
        arguments("{{ missing | d('short') }}", "short"),
        arguments("{{ result.missing | default(7) }}", 7L),
        arguments("{{ hostvars['node9'].ansible_host | default('none') }}", "none"),
        arguments("{{ missing | default(result.rc) }}", 0L),
        arguments("{{ missing is defined and missing > 1 }}", false),
        arguments("{{ range(count) | list }}", List.of(0L, 1L, 2L)));
  }

  @ParameterizedTest
  @MethodSource("tolerated")
  void undefinedValuesMayBeTestedAndDefaulted(String template, Object expected) {
    assertThat(render(template)).isEqualTo(expected);
  }

  static Stream<Arguments> undefined() {
    return Stream.of(
        arguments("{{ missing }}", "'missing' is undefined"),
        arguments("at {{ missing }} here", "'missing' is undefined"),
        arguments("{{ missing.deeper }}", "'missing' is undefined"),
        arguments("{{ result.missing }}", "'dict object' has no attribute 'missing'"),
        arguments("{{ result['missing'] }}", "'dict object' has no attribute 'missing'"),
        arguments("{{ hostvars['node9'].ansible_host }}", "'dict object' has no attribute 'node9'"),
        arguments("{{ name.missing }}", "'str object' has no attribute 'missing'"),
        arguments("{{ groups.confluence[5] }}", "list object has no element 5 (it has 2)"),
        arguments("{{ missing == 1 }}", "'missing' is undefined"),
        arguments("{{ missing == 'a' }}", "'missing' is undefined"),
        arguments("{{ missing in numbers }}", "'missing' is undefined"),
        arguments("{{ 'a' in missing }}", "'missing' is undefined"),
        arguments("{{ numbers[missing] }}", "'missing' is undefined"),
        arguments("{{ settings[missing] | default('x') }}", "'missing' is undefined"),
        arguments("{{ range(missing) }}", "'missing' is undefined"),
        arguments("{{ [missing] }}", "'missing' is undefined"),
        arguments("{{ missing | length }}", "'missing' is undefined"),
        arguments("{{ numbers | union(missing) }}", "'missing' is undefined"),
        arguments("{{ not missing }}", "'missing' is undefined"),
        arguments("{{ missing ~ '-suffix' }}", "'missing' is undefined"),
        arguments("{{ missing + 1 }}", "'missing' is undefined"),
        arguments("{{ missing | upper }}", "'missing' is undefined"),
        arguments("{{ name | replace(missing, 'x') }}", "'missing' is undefined"),
        arguments("{{ missing.upper() }}", "'missing' is undefined"),
        arguments("{% if missing %}yes{% endif %}", "'missing' is undefined"),
        arguments("{% for item in missing %}{{ item }}{% endfor %}", "'missing' is undefined"),
        arguments("{{ missing | default(other_missing) }}", "'other_missing' is undefined"));
  }

  @ParameterizedTest
  @MethodSource("undefined")
  void usingAnUndefinedValueFailsAndSaysWhatIsUndefined(String template, String reason) {
    assertThatThrownBy(() -> render(template))
        .isInstanceOfSatisfying(TemplateException.class, e -> {
          assertThat(e.template()).isEqualTo(template);
          assertThat(e.reason()).isEqualTo(reason);
        });
  }

  @Test
  void anAttributeNamedLikeAnOperatorOfJinjavasNeedsBrackets() {
    Map<String, Object> variables = Map.of("groups", Map.of("empty", List.of("node3")));

    assertThat(TEMPLAR.render("{{ groups['empty'] }}", variables)).isEqualTo(List.of("node3"));
    assertThatThrownBy(() -> TEMPLAR.render("{{ groups.empty }}", variables))
        .hasMessageContaining("syntax error at position 9, encountered 'empty'");
  }

  @Test
  void aDictLiteralClosesWithSpacedBracesSinceJinjavaEndsTheExpressionAtTheFirstDoubleBrace() {
    assertThat(render("{{ {'a': {'b': 1} } }}")).isEqualTo(Map.of("a", Map.of("b", 1L)));
    assertThatThrownBy(() -> render("{{ {'a': {'b': 1}} }}")).isInstanceOf(TemplateException.class);
  }

  @Test
  void theMessageNamesTheTemplateAndTheReason() {
    assertThatThrownBy(() -> render("port={{ prot }}"))
        .isInstanceOf(TemplateException.class)
        .hasMessage("template error in 'port={{ prot }}': 'prot' is undefined");
  }

  static Stream<Arguments> unknown() {
    return Stream.of(
        arguments("{{ name | shout }}", "no filter named 'shout'"),
        arguments("{{ name is loud }}", "no test named 'loud'"),
        arguments("{{ shout(name) }}", "no function named 'shout'"),
        arguments("{{ name.shout() }}", "'str object' has no method 'shout' taking 0 arguments"),
        arguments("{% include 'other.j2' %}", "'include' is disabled in this context"));
  }

  @ParameterizedTest
  @MethodSource("unknown")
  void anUnknownFilterTestFunctionOrMethodIsNamed(String template, String reason) {
    assertThatThrownBy(() -> render(template))
        .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{{ 1 + }}", "{{ name | }}", "{% if enabled %}no end", "{% for %}{% endfor %}",
      "{% nosuch %}"})
  void aSyntaxErrorFailsNamingTheTemplate(String template) {
    assertThatThrownBy(() -> render(template))
        .isInstanceOfSatisfying(TemplateException.class, e -> {
          assertThat(e.template()).isEqualTo(template);
          assertThat(e.reason()).isNotBlank();
        });
  }

  @Test
  void aSyntaxErrorSaysWhereTheParserStopped() {
    assertThatThrownBy(() -> render("{{ 1 + }}")).hasMessageContaining("syntax error at position");
    assertThatThrownBy(() -> render("{% if enabled %}no end")).hasMessageContaining("Missing end tag: endif");
    assertThatThrownBy(() -> render("{% nosuch %}")).hasMessageContaining("Unknown tag: nosuch");
  }

  static Stream<Arguments> conditions() {
    return Stream.of(
        arguments("result.rc == 0", true),
        arguments("failure.rc == 0", false),
        arguments("missing is defined", false),
        arguments("result.rc is defined", true),
        arguments("not enabled", false),
        arguments("enabled and count > 2", true),
        arguments("inventory_hostname in groups['confluence']", true),
        arguments("'ready' in result.stdout", true),
        arguments("result is succeeded", true),
        arguments("groups.nobody", false),
        arguments("groups.others", true),
        arguments("count", true),
        arguments("nothing", false),
        arguments("'yes'", true),
        arguments("'true'", true),
        arguments("'1'", true),
        arguments("'no'", false),
        arguments("'false'", false),
        arguments("'0'", false),
        arguments("''", false),
        arguments("{{ enabled }}", true),
        arguments("{{ 'no' }}", false),
        arguments("  result.rc == 0\n", true));
  }

  @ParameterizedTest
  @MethodSource("conditions")
  void aConditionIsABareExpressionReadAsAnsibleReadsItsResult(String condition, boolean holds) {
    assertThat(TEMPLAR.test(condition, variables())).isEqualTo(holds);
  }

  @Test
  void aConditionMayBeABooleanOrAListThatMustAllHold() {
    assertThat(TEMPLAR.test(true, variables())).isTrue();
    assertThat(TEMPLAR.test(false, variables())).isFalse();
    assertThat(TEMPLAR.test(List.of("result.rc == 0", "enabled", true), variables())).isTrue();
    assertThat(TEMPLAR.test(List.of("result.rc == 0", "not enabled"), variables())).isFalse();
    assertThat(TEMPLAR.test(List.of(), variables())).isTrue();
  }

  @Test
  void aConditionOnAnUndefinedValueFails() {
    assertThatThrownBy(() -> TEMPLAR.test("missing == 0", variables()))
        .isInstanceOf(TemplateException.class)
        .hasMessage("template error in 'missing == 0': 'missing' is undefined");
    assertThatThrownBy(() -> TEMPLAR.test(List.of("enabled", "missing"), variables()))
        .hasMessage("template error in 'missing': 'missing' is undefined");
  }

  @Test
  void anEmptyConditionIsAnError() {
    assertThatThrownBy(() -> TEMPLAR.test(" ", variables()))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("the condition is empty");
  }

  @Test
  void aTemplateSeesOnlyTheVariablesItIsGiven() {
    Map<String, Object> first = Map.of("who", "first");
    assertThat(TEMPLAR.render("{% set extra = 1 %}{{ who }}", first)).isEqualTo("first");

    assertThatThrownBy(() -> TEMPLAR.render("{{ extra }}", first)).hasMessageContaining("'extra' is undefined");
  }

  @Test
  void aTemplateCannotChangeTheVariablesItIsGiven() {
    List<Object> hosts = new ArrayList<>(List.of("node1"));
    Map<String, Object> facts = new HashMap<>(Map.of("hosts", hosts));
    Map<String, Object> variables = Map.of("facts", facts, "hosts", hosts);

    for (String template : List.of("{{ hosts.append('node2') }}", "{% do facts.update({'x': 1}) %}",
        "{% do facts.hosts.append('node2') %}", "{% for pair in facts.items() %}{% do pair.append(1) %}{% endfor %}")) {
      assertThatThrownBy(() -> TEMPLAR.render(template, variables))
          .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.reason())
              .startsWith("a template cannot change the variables it is given"));
    }
    assertThat(facts).isEqualTo(Map.of("hosts", List.of("node1")));
  }

  @Test
  void aTemplateMayChangeWhatItBuilds() {
    assertThat(render("{% set hosts = [] %}"
        + "{% for host in groups.confluence %}{% do hosts.append(host | upper) %}{% endfor %}"
        + "{{ hosts | join(' ') }}")).isEqualTo("NODE1 NODE2");
  }

  @Test
  void aVariableHoldingTemplateMarksIsNotRenderedAgain() {
    Map<String, Object> variables = Map.of("stdout", "{{ secret }}", "secret", "revealed");

    assertThat(TEMPLAR.render("out: {{ stdout }}", variables)).isEqualTo("out: {{ secret }}");
    assertThat(TEMPLAR.render("{{ stdout }}", variables)).isEqualTo("{{ secret }}");
  }

  @Test
  void nativeListsAndMapsAreCopiesTheCallerCannotChange() {
    List<Object> source = new ArrayList<>(List.of("a"));
    Object rendered = TEMPLAR.render("{{ items }}", Map.of("items", source));
    source.add("b");

    assertThat(rendered).isEqualTo(List.of("a"));
    assertThatThrownBy(() -> ((List<?>) rendered).clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rendersFromManyThreadsAtOnceEachWithItsOwnVariables() throws Exception {
    int threads = 8;
    int renders = 60;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<List<Object>>> tasks = new ArrayList<>();
      for (int thread = 0; thread < threads; thread++) {
        int number = thread;
        tasks.add(() -> {
          List<Object> results = new ArrayList<>();
          for (int i = 0; i < renders; i++) {
            Map<String, Object> own = Map.of("thread", number, "i", i, "hosts", List.of("h" + number, "h" + i));
            results.add(TEMPLAR.render("{{ thread }}/{{ i }}:{{ hosts | join(',') | upper }}", own));
            results.add(TEMPLAR.render("{{ hosts | map('upper') | list }}", own));
            results.add(TEMPLAR.test(List.of("thread == " + number, "i is defined", "missing is undefined"), own));
          }
          return results;
        });
      }
      List<Future<List<Object>>> futures = pool.invokeAll(tasks);
      for (int thread = 0; thread < threads; thread++) {
        List<Object> results = futures.get(thread).get();
        for (int i = 0; i < renders; i++) {
          assertThat(results.subList(3 * i, 3 * i + 3)).containsExactly(
              thread + "/" + i + ":H" + thread + ",H" + i,
              Arrays.asList("H" + thread, "H" + i),
              true);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
