package dev.orchestrate.core.module.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

class CfgXmlTest extends TextEditCases {
  /** A confluence.cfg.xml as a Server node has it, with a comment and a blank line of its owner's. */
  static final String SERVER = """
      <?xml version="1.0" encoding="UTF-8"?>

      <confluence-configuration>
        <setupStep>complete</setupStep>
        <setupType>custom</setupType>
        <buildNumber>9012</buildNumber>
        <properties>
          <!-- The license is written by the setup wizard. -->
          <property name="atlassian.license.message">AAABLQ0ODAoPeNptkF1rwjAUhu</property>
          <property name="hibernate.connection.password">s3cret&amp;more</property>
          <property name="hibernate.connection.url">jdbc:postgresql://db:5432/confluence?ssl=true&amp;sslmode=require</property>
          <property name="hibernate.connection.username">confluence</property>
          <property name="hibernate.setup">true</property>

          <property name="lucene.index.dir">${localHome}/index</property>
          <property name="webwork.multipart.saveDir">${localHome}/temp</property>
        </properties>
      </confluence-configuration>
      """;

  static Stream<Arguments> edits() {
    return Stream.of(
        edit("a property's value is replaced in place",
            SERVER,
            xml -> CfgXml.setProperty(xml, "hibernate.connection.username", "confluence_app"),
            SERVER.replace(">confluence</property>", ">confluence_app</property>")),
        edit("a value is written with references where XML needs them",
            SERVER,
            xml -> CfgXml.setProperty(xml, "hibernate.connection.password", "a<b & c>d \"q\""),
            SERVER.replace(">s3cret&amp;more<", ">a&lt;b &amp; c&gt;d \"q\"<")),
        edit("a value already there, written with a reference, is left as written",
            SERVER,
            xml -> CfgXml.setProperty(xml, "hibernate.connection.password", "s3cret&more"),
            SERVER),
        edit("a missing property is added last, indented like the others",
            SERVER,
            xml -> CfgXml.setProperty(xml, "confluence.cluster", "true"),
            SERVER.replace("""
                    <property name="webwork.multipart.saveDir">${localHome}/temp</property>
                """, """
                    <property name="webwork.multipart.saveDir">${localHome}/temp</property>
                    <property name="confluence.cluster">true</property>
                """)),
        edit("a new property's name is written as an attribute value",
            "<c>\n  <properties>\n  </properties>\n</c>\n",
            xml -> CfgXml.setProperty(xml, "odd\"name&", "1"),
            "<c>\n  <properties>\n    <property name=\"odd&quot;name&amp;\">1</property>\n  </properties>\n</c>\n"),
        edit("a removed property takes its whole line with it",
            SERVER,
            xml -> CfgXml.removeProperty(xml, "hibernate.setup"),
            SERVER.replace("    <property name=\"hibernate.setup\">true</property>\n", "")),
        edit("removing a property that is not there changes nothing",
            SERVER,
            xml -> CfgXml.removeProperty(xml, "confluence.cluster.peers"),
            SERVER),
        edit("removing one of two properties on a line keeps the other",
            "<c>\n  <properties>\n    <property name=\"jwt.private.key\">p</property>  <property name=\"jwt.public.key\">q"
                + "</property>\n  </properties>\n</c>\n",
            xml -> CfgXml.removeProperty(xml, "jwt.public.key"),
            "<c>\n  <properties>\n    <property name=\"jwt.private.key\">p</property>\n  </properties>\n</c>\n"),
        edit("removing the first of two properties on a line keeps the second",
            "<c>\n  <properties>\n    <property name=\"a\">p</property>  <property name=\"b\">q</property>\n"
                + "  </properties>\n</c>\n",
            xml -> CfgXml.removeProperty(xml, "a"),
            "<c>\n  <properties>\n    <property name=\"b\">q</property>\n  </properties>\n</c>\n"),
        edit("a top-level element's text is replaced",
            SERVER,
            xml -> CfgXml.setElement(xml, "setupType", "cluster"),
            SERVER.replace("<setupType>custom</setupType>", "<setupType>cluster</setupType>")),
        edit("a missing top-level element goes on the line after setupStep",
            SERVER.replace("  <setupType>custom</setupType>\n", ""),
            xml -> CfgXml.setElement(xml, "setupType", "cluster"),
            SERVER.replace("<setupType>custom</setupType>", "<setupType>cluster</setupType>")),
        edit("a comment after setupStep stays on its line",
            "<c>\n  <setupStep>complete</setupStep>  <!-- setupstart on a fresh node -->\n  <properties/>\n</c>\n",
            xml -> CfgXml.setElement(xml, "setupType", "cluster"),
            "<c>\n  <setupStep>complete</setupStep>  <!-- setupstart on a fresh node -->\n"
                + "  <setupType>cluster</setupType>\n  <properties/>\n</c>\n"),
        edit("without setupStep a missing element becomes the first child",
            "<c>\n\t<buildNumber>1</buildNumber>\n\t<properties>\n\t</properties>\n</c>\n",
            xml -> CfgXml.setElement(xml, "setupType", "cluster"),
            "<c>\n\t<setupType>cluster</setupType>\n\t<buildNumber>1</buildNumber>\n\t<properties>\n\t</properties>\n"
                + "</c>\n"),
        edit("an element in a root with no children is indented one step",
            "<?xml version=\"1.0\"?>\n<c>\n</c>\n",
            xml -> CfgXml.setElement(xml, "setupStep", "setupstart"),
            "<?xml version=\"1.0\"?>\n<c>\n  <setupStep>setupstart</setupStep>\n</c>\n"),
        edit("a missing <properties> is made at the end of the root, with the file's indentation",
            "<c>\n    <setupStep>complete</setupStep>\n</c>\n",
            xml -> CfgXml.setProperty(xml, "confluence.cluster", "true"),
            "<c>\n    <setupStep>complete</setupStep>\n    <properties>\n        <property name=\"confluence.cluster\">"
                + "true</property>\n    </properties>\n</c>\n"),
        edit("an empty <properties/> is opened up",
            "<c>\n  <properties/>\n</c>\n",
            xml -> CfgXml.setProperty(xml, "confluence.cluster", "true"),
            "<c>\n  <properties>\n    <property name=\"confluence.cluster\">true</property>\n  </properties>\n</c>\n"),
        edit("a self-closing property gets content and an end tag",
            "<c>\n  <properties>\n    <property name=\"confluence.cluster.peers\" />\n  </properties>\n</c>\n",
            xml -> CfgXml.setProperty(xml, "confluence.cluster.peers", "10.0.0.1,10.0.0.2"),
            "<c>\n  <properties>\n    <property name=\"confluence.cluster.peers\">10.0.0.1,10.0.0.2</property>\n"
                + "  </properties>\n</c>\n"),
        edit("a property inside a comment is neither read nor edited",
            "<c>\n  <properties>\n    <!-- <property name=\"confluence.cluster\">false</property> -->\n"
                + "  </properties>\n</c>\n",
            xml -> CfgXml.setProperty(xml, "confluence.cluster", "true"),
            "<c>\n  <properties>\n    <!-- <property name=\"confluence.cluster\">false</property> -->\n"
                + "    <property name=\"confluence.cluster\">true</property>\n  </properties>\n</c>\n"),
        edit("a name written twice is set in both places",
            "<c><properties><property name=\"a\">1</property><property name=\"a\">2</property></properties></c>",
            xml -> CfgXml.setProperty(xml, "a", "3"),
            "<c><properties><property name=\"a\">3</property><property name=\"a\">3</property></properties></c>"),
        edit("a property added to properties closed on the same line gets lines of its own",
            "<c>\n  <properties><property name=\"a\">1</property></properties>\n</c>\n",
            xml -> CfgXml.setProperty(xml, "b", "2"),
            "<c>\n  <properties><property name=\"a\">1</property>\n    <property name=\"b\">2</property>\n"
                + "  </properties>\n</c>\n"),
        edit("a multi-line value is written with the file's line breaks",
            "<c>\n  <properties>\n  </properties>\n</c>\n",
            xml -> CfgXml.setProperty(xml, "atlassian.license.message", "line one\nline two"),
            "<c>\n  <properties>\n    <property name=\"atlassian.license.message\">line one\nline two</property>\n"
                + "  </properties>\n</c>\n"),
        edit("edits of several keys leave the rest of the file alone",
            SERVER,
            xml -> CfgXml.setElement(CfgXml.setProperty(CfgXml.removeProperty(xml, "lucene.index.dir"),
                "confluence.cluster.home", "/shared"), "setupType", "cluster"),
            SERVER.replace("<setupType>custom", "<setupType>cluster")
                .replace("    <property name=\"lucene.index.dir\">${localHome}/index</property>\n", "")
                .replace("""
                    <property name="webwork.multipart.saveDir">${localHome}/temp</property>
                """, """
                    <property name="webwork.multipart.saveDir">${localHome}/temp</property>
                    <property name="confluence.cluster.home">/shared</property>
                """)));
  }

  @Test
  void readsValuesWithReferencesResolved() {
    assertThat(CfgXml.property(SERVER, "hibernate.connection.url"))
        .contains("jdbc:postgresql://db:5432/confluence?ssl=true&sslmode=require");
    assertThat(CfgXml.property(SERVER, "lucene.index.dir")).contains("${localHome}/index");
    assertThat(CfgXml.property(SERVER, "confluence.cluster")).isEmpty();
    assertThat(CfgXml.element(SERVER, "setupStep")).contains("complete");
    assertThat(CfgXml.element(SERVER, "buildNumber")).contains("9012");
    assertThat(CfgXml.element(SERVER, "setupType")).contains("custom");
    assertThat(CfgXml.element(SERVER, "clusterName")).isEmpty();
  }

  @Test
  void readsEveryWayXmlCanWriteText() {
    String xml = """
        <c><properties>
          <property name="empty"/>
          <property name='quoted'>&lt;&gt;&amp;&quot;&apos;&#65;&#x42;</property>
          <property name="cdata"><![CDATA[a<b&c]]></property>
          <property name="unknown">&nbsp;</property>
          <property name="twice">first</property>
          <property name="twice">second</property>
          <property name="commented">a<!-- not this -->b</property>
        </properties></c>
        """;

    assertThat(CfgXml.property(xml, "empty")).contains("");
    assertThat(CfgXml.property(xml, "quoted")).contains("<>&\"'AB");
    assertThat(CfgXml.property(xml, "cdata")).contains("a<b&c");
    assertThat(CfgXml.property(xml, "unknown")).contains("&nbsp;");
    assertThat(CfgXml.property(xml, "twice")).as("the last, as Confluence keeps it").contains("second");
    assertThat(CfgXml.property(xml, "commented")).contains("ab");
  }

  @Test
  void aValueWrittenIsReadBackAsGiven() {
    List<String> values = List.of("plain", "a&b<c>d", "quote\"s and 'apostrophes'", "two\nlines", "cr\rhere", "ünïcode ✓",
        "", "]]>", "&amp;");
    for (String value : values) {
      String written = CfgXml.setProperty(SERVER, "x", value);
      assertThat(CfgXml.property(written, "x")).as(value).contains(value);
      assertThat(CfgXml.property(crlf(written), "x")).as("CRLF: " + value).contains(value);
    }
  }

  @Test
  void aValueXmlCannotHoldIsRefusedWithoutShowingIt() {
    assertThatThrownBy(() -> CfgXml.setProperty(SERVER, "hibernate.connection.password", "s3cr\u0001et"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hibernate.connection.password")
        .hasMessageNotContaining("s3cr");
  }

  @Test
  void aFileThatIsNotWellFormedIsRefusedWithItsLine() {
    String broken = "<c>\n  <properties>\n    <property name=\"a\">1</propert>\n  </properties>\n</c>\n";

    assertThatThrownBy(() -> CfgXml.setProperty(broken, "a", "2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 3");
    assertThatThrownBy(() -> CfgXml.property("<c><!-- open", "a"))
        .hasMessageContaining("never closed");
    assertThatThrownBy(() -> CfgXml.setProperty("no markup at all", "a", "1"))
        .hasMessageContaining("no root element");
  }

  @Test
  void anElementHoldingElementsIsNotOverwrittenWithText() {
    assertThatThrownBy(() -> CfgXml.setElement(SERVER, "properties", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("<properties> holds elements");
  }
}
