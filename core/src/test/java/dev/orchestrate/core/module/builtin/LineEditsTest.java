package dev.orchestrate.core.module.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.template.PythonRegex;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** lineinfile's rules, case by case as Ansible's documentation and code give them. */
class LineEditsTest {
  /** The arguments of one lineinfile task. */
  record Task(String line, String regexp, String search, String after, String before, boolean backrefs, boolean first) {
    Task regexp(String pattern) {
      return new Task(line, pattern, search, after, before, backrefs, first);
    }

    Task searching(String text) {
      return new Task(line, regexp, text, after, before, backrefs, first);
    }

    Task after(String anchor) {
      return new Task(line, regexp, search, anchor, before, backrefs, first);
    }

    Task before(String anchor) {
      return new Task(line, regexp, search, after, anchor, backrefs, first);
    }

    Task usingBackrefs() {
      return new Task(line, regexp, search, after, before, true, first);
    }

    Task firstMatch() {
      return new Task(line, regexp, search, after, before, backrefs, true);
    }

    LineEdits.Wanted wanted() {
      return new LineEdits.Wanted(line, Optional.ofNullable(regexp).map(r -> PythonRegex.compile(r, 0)),
          Optional.ofNullable(search), Optional.ofNullable(after), Optional.ofNullable(before), backrefs, first,
          UnaryOperator.identity());
    }
  }

  private static Task line(String line) {
    return new Task(line, null, null, null, null, false, false);
  }

  private static Task regexp(String regexp, String line) {
    return line(line).regexp(regexp);
  }

  static Stream<Arguments> present() {
    return Stream.of(
        Arguments.of("a line that matches is replaced",
            "SELINUX=disabled\nOTHER=1\n", regexp("^SELINUX=", "SELINUX=enforcing"),
            "SELINUX=enforcing\nOTHER=1\n", "line replaced"),
        Arguments.of("the last match is replaced",
            "x=1\nx=2\ny\n", regexp("^x=", "x=9"), "x=1\nx=9\ny\n", "line replaced"),
        Arguments.of("firstmatch replaces the first",
            "x=1\nx=2\ny\n", regexp("^x=", "x=9").firstMatch(), "x=9\nx=2\ny\n", "line replaced"),
        Arguments.of("a missing line goes at the end",
            "a\nb\n", line("c"), "a\nb\nc\n", "line added"),
        Arguments.of("a last line without newline gets one first",
            "a\nb", line("c"), "a\nb\nc\n", "line added"),
        Arguments.of("an empty file gets the line",
            "", line("c"), "c\n", "line added"),
        Arguments.of("with no match, insertafter puts it after the last line matching",
            "#Listen 80\n#Listen 81\nother\n", regexp("^Listen ", "Listen 8080").after("^#Listen "),
            "#Listen 80\n#Listen 81\nListen 8080\nother\n", "line added"),
        Arguments.of("insertafter with firstmatch uses the first line matching",
            "#Listen 80\n#Listen 81\n", regexp("^Listen ", "Listen 8080").after("^#Listen ").firstMatch(),
            "#Listen 80\nListen 8080\n#Listen 81\n", "line added"),
        Arguments.of("insertafter the last line",
            "a\n#Listen 80", line("Listen 8080").after("^#Listen "), "a\n#Listen 80\nListen 8080\n", "line added"),
        Arguments.of("insertbefore puts it before the last line matching",
            "x\nwww 80/tcp\n", line("# port for http").before("^www.*80/tcp"),
            "x\n# port for http\nwww 80/tcp\n", "line added"),
        Arguments.of("an insertafter that matches nothing appends",
            "a\n", line("b").after("^nothing"), "a\nb\n", "line added"),
        Arguments.of("insertbefore BOF",
            "a\n", line("first").before("BOF"), "first\na\n", "line added"),
        Arguments.of("insertafter BOF",
            "a\n", line("first").after("BOF"), "first\na\n", "line added"),
        Arguments.of("a regexp that matches wins over insertafter",
            "Listen 80\n#Listen\n", regexp("^Listen ", "Listen 8080").after("^#Listen"),
            "Listen 8080\n#Listen\n", "line replaced"),
        Arguments.of("backrefs fill groups from the match",
            "JAVA_OPTS=-Xms512m -Xmx1g\n", regexp("^(.*)Xms(\\d+)m(.*)$", "\\1Xms1024m\\3").usingBackrefs(),
            "JAVA_OPTS=-Xms1024m -Xmx1g\n", "line replaced"),
        Arguments.of("backrefs by name",
            "port=80\n", regexp("^(?P<key>\\w+)=\\d+$", "\\g<key>=8080").usingBackrefs(), "port=8080\n",
            "line replaced"),
        Arguments.of("search_string finds a line by plain text",
            "a.b=1\naxb=2\n", line("a.b=3").searching("a.b="), "a.b=3\naxb=2\n", "line replaced"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("present")
  void present(String description, String text, Task task, String expected, String message) {
    LineEdits.Wanted wanted = task.wanted();
    LineEdits.Edit edit = LineEdits.present(text, wanted);

    assertThat(edit.text()).isEqualTo(expected);
    assertThat(edit.changed()).isTrue();
    assertThat(edit.message()).isEqualTo(message);
    assertThat(LineEdits.present(edit.text(), wanted).changed()).as("a second run changes nothing").isFalse();
  }

  static Stream<Arguments> unchanged() {
    return Stream.of(
        Arguments.of("the line is already there", "a\nc\nb\n", line("c")),
        Arguments.of("the matched line is already right", "x=1\n", regexp("^x=", "x=1")),
        Arguments.of("backrefs and no match leave the file alone", "a\n", regexp("^(nothing)", "\\1").usingBackrefs()),
        Arguments.of("the line is already after the anchor", "#Listen\nListen 8080\n",
            line("Listen 8080").after("^#Listen")),
        Arguments.of("the line is elsewhere but present, so insertafter does nothing",
            "Listen 8080\n#Listen\n", line("Listen 8080").after("^#Listen")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unchanged")
  void unchanged(String description, String text, Task task) {
    LineEdits.Edit edit = LineEdits.present(text, task.wanted());

    assertThat(edit.changed()).isFalse();
    assertThat(edit.text()).isEqualTo(text);
  }

  @Test
  void absentRemovesEveryMatchingLineAndCountsThem() {
    LineEdits.Edit edit = LineEdits.absent("%wheel ALL\nroot ALL\n%wheel x\n",
        Optional.of(PythonRegex.compile("^%wheel", 0)), Optional.empty(), Optional.empty());

    assertThat(edit.text()).isEqualTo("root ALL\n");
    assertThat(edit.found()).isEqualTo(2);
    assertThat(edit.message()).isEqualTo("2 line(s) removed");
  }

  @Test
  void absentByLineRemovesOnlyEqualLines() {
    LineEdits.Edit edit = LineEdits.absent("a\nab\na", Optional.empty(), Optional.empty(), Optional.of("a"));

    assertThat(edit.text()).isEqualTo("ab\n");
    assertThat(edit.found()).isEqualTo(2);
  }

  @Test
  void absentWithNothingMatchingChangesNothing() {
    LineEdits.Edit edit = LineEdits.absent("a\n", Optional.empty(), Optional.of("zzz"), Optional.empty());

    assertThat(edit.changed()).isFalse();
    assertThat(edit.found()).isZero();
  }
}
