package dev.orchestrate.core.module.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

class PropertiesTextTest extends TextEditCases {
  /** The end of confluence-init.properties as the installer leaves it: examples commented out, one active line. */
  static final String INIT = """
      ###########################
      # Note for Unix Users     #
      ###########################
      # - For example:
      # confluence.home=/var/confluence
      #
      ! confluence.home=/data/confluence/ (where /data is a symlink to -> /var/data/)

      # specify your directory below (don't forget to remove the '#' in front)

      # confluence.home=c:/confluence/data
      confluence.home=/var/atlassian/application-data/confluence
      """;

  static final String HOME = "confluence.home";

  static Stream<Arguments> edits() {
    return Stream.of(
        edit("the active line's value is replaced, the commented ones left alone",
            INIT,
            text -> PropertiesText.set(text, HOME, "/data/confluence"),
            INIT.replace("confluence.home=/var/atlassian/application-data/confluence", "confluence.home=/data/confluence")),
        edit("a key only commented out is added at the end",
            INIT.replace("confluence.home=/var/atlassian/application-data/confluence\n", ""),
            text -> PropertiesText.set(text, HOME, "/data/confluence"),
            INIT.replace("confluence.home=/var/atlassian/application-data/confluence", "confluence.home=/data/confluence")),
        edit("a file without a final line break gets one before the new key",
            "# only a comment",
            text -> PropertiesText.set(text, HOME, "/data"),
            "# only a comment\nconfluence.home=/data\n"),
        edit("an empty file gets the key",
            "",
            text -> PropertiesText.set(text, HOME, "/data"),
            "confluence.home=/data\n"),
        edit("spaces around the separator stay, and new keys copy them",
            "a = 1\nb=2\n",
            text -> PropertiesText.set(PropertiesText.set(text, "b", "3"), "c", "4"),
            "a = 1\nb=3\nc = 4\n"),
        edit("a colon separator stays",
            "confluence.home: /var/confluence\n",
            text -> PropertiesText.set(text, HOME, "/data"),
            "confluence.home: /data\n"),
        edit("a key without a value gets a separator",
            "flag\nother=1\n",
            text -> PropertiesText.set(text, "flag", "on"),
            "flag=on\nother=1\n"),
        edit("backslashes, a leading space, line breaks and non-ASCII are escaped",
            "",
            text -> PropertiesText.set(text, HOME, " c:\\confluence\\data\nnext é"),
            "confluence.home=\\ c:\\\\confluence\\\\data\\nnext \\u00E9\n"),
        edit("a key with separators and a leading # is escaped",
            "",
            text -> PropertiesText.set(text, "#a b=c:d", "v"),
            "\\#a\\ b\\=c\\:d=v\n"),
        edit("a continued value is replaced whole",
            "jvm.args=-Xms1g \\\n    -Xmx2g\nnext=1\n",
            text -> PropertiesText.set(text, "jvm.args", "-Xmx4g"),
            "jvm.args=-Xmx4g\nnext=1\n"),
        edit("a value already there, written with escapes, is left as written",
            "path=c:\\\\data\\u00E9\n",
            text -> PropertiesText.set(text, "path", "c:\\dataé"),
            "path=c:\\\\data\\u00E9\n"),
        edit("a key set on two lines is set on both, since the last one counts",
            "a=1\nb=2\na=3\n",
            text -> PropertiesText.set(text, "a", "4"),
            "a=4\nb=2\na=4\n"),
        edit("a removed key takes its line, continuation included",
            "a=1\nconfluence.home=/x \\\n  /y\n# confluence.home=/z\nb=2\n",
            text -> PropertiesText.remove(text, HOME),
            "a=1\n# confluence.home=/z\nb=2\n"),
        edit("removing a key that is only commented out changes nothing",
            "# confluence.home=/z\n",
            text -> PropertiesText.remove(text, HOME),
            "# confluence.home=/z\n"),
        edit("a comment line ending in a backslash does not continue",
            "# a comment \\\nconfluence.home=/old\n",
            text -> PropertiesText.set(text, HOME, "/new"),
            "# a comment \\\nconfluence.home=/new\n"));
  }

  @Test
  void readsAsJavaPropertiesDoes() throws IOException {
    String text = "a = one\nb:two\nc three\\\n   continued\nd=\\u00E9\\t\\\\x\ne\n# a=commented\na=last\n";
    Properties java = new Properties();
    java.load(new StringReader(text));

    for (String key : List.of("a", "b", "c", "d", "e")) {
      assertThat(PropertiesText.get(text, key)).as(key).contains(java.getProperty(key));
    }
    assertThat(PropertiesText.get(INIT, HOME)).contains("/var/atlassian/application-data/confluence");
    assertThat(PropertiesText.get(text, "missing")).isEmpty();
  }

  @Test
  void whatIsWrittenJavaReadsBackAsGiven() throws IOException {
    List<String> values = List.of("/var/confluence", " leading", "c:\\data", "a=b:c", "#not a comment", "tab\tand\nbreak",
        "ünïcode ✓", "");
    for (String value : values) {
      String text = PropertiesText.set(INIT, "x y=z", value);
      Properties java = new Properties();
      java.load(new StringReader(text));
      assertThat(java.getProperty("x y=z")).as(value).isEqualTo(value);
      assertThat(PropertiesText.get(text, "x y=z")).as(value).contains(value);
    }
  }

  @Test
  void aBrokenEscapeIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> PropertiesText.get("confluence.home=\\u12\n", HOME))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(HOME);
  }
}
