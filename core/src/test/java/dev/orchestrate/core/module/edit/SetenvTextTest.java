package dev.orchestrate.core.module.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ValueSource;

class SetenvTextTest extends TextEditCases {
  /** The end of bin/setenv.sh as Confluence ships it, with one line commented out by its owner. */
  static final String SETENV = """
      echo "Server startup logs are located in $LOGBASEABS/logs/catalina.out"

      # Set the JVM arguments used to start Confluence.
      CATALINA_OPTS="-XX:+IgnoreUnrecognizedVMOptions ${CATALINA_OPTS}"
      CATALINA_OPTS="-Xloggc:$LOGBASEABS/logs/gc-%t.log -XX:+UseGCLogFileRotation ${CATALINA_OPTS}"
      CATALINA_OPTS="-Djava.awt.headless=true ${CATALINA_OPTS}"
      CATALINA_OPTS="-Datlassian.plugins.enable.wait=300 ${CATALINA_OPTS}"
      CATALINA_OPTS="-Xms1024m -Xmx1024m -XX:+UseG1GC ${CATALINA_OPTS}"
      CATALINA_OPTS="-Dconfluence.context.path=${CONFLUENCE_CONTEXT_PATH} ${CATALINA_OPTS}"
      CATALINA_OPTS="-Djdk.tls.server.protocols=TLSv1.2 -Djdk.tls.client.protocols=TLSv1.2 ${CATALINA_OPTS}"
      #CATALINA_OPTS="-Dsynchrony.service.url=http://old:8091/synchrony/v1 ${CATALINA_OPTS}"

      export CATALINA_OPTS
      """;

  static final String SYNCHRONY = "synchrony.service.url";
  static final String SYNCHRONY_URL = "http://synchrony.example.com:8091/synchrony/v1";

  static Stream<Arguments> edits() {
    return Stream.of(
        edit("a property already set is changed in place",
            SETENV,
            script -> SetenvText.set(script, "atlassian.plugins.enable.wait", "600"),
            SETENV.replace("enable.wait=300", "enable.wait=600")),
        edit("a property sharing its line is changed in place",
            SETENV,
            script -> SetenvText.set(script, "jdk.tls.client.protocols", "TLSv1.3"),
            SETENV.replace("client.protocols=TLSv1.2", "client.protocols=TLSv1.3")),
        edit("a new property goes on its own line before export, the commented line left alone",
            SETENV,
            script -> SetenvText.set(script, SYNCHRONY, SYNCHRONY_URL),
            SETENV.replace("\nexport CATALINA_OPTS", "\nCATALINA_OPTS=\"-D" + SYNCHRONY + "=" + SYNCHRONY_URL
                + " ${CATALINA_OPTS}\"\nexport CATALINA_OPTS")),
        edit("an indented export keeps the new line indented with it",
            "if true; then\n  export CATALINA_OPTS\nfi\n",
            script -> SetenvText.set(script, "a.b", "1"),
            "if true; then\n  CATALINA_OPTS=\"-Da.b=1 ${CATALINA_OPTS}\"\n  export CATALINA_OPTS\nfi\n"),
        edit("an export of several variables counts",
            "export JAVA_OPTS CATALINA_OPTS\n",
            script -> SetenvText.set(script, "a.b", "1"),
            "CATALINA_OPTS=\"-Da.b=1 ${CATALINA_OPTS}\"\nexport JAVA_OPTS CATALINA_OPTS\n"),
        edit("without an export the line goes at the end, followed by one",
            "CATALINA_PID=\"$CATALINA_BASE/work/catalina.pid\"",
            script -> SetenvText.set(script, "a.b", "1"),
            "CATALINA_PID=\"$CATALINA_BASE/work/catalina.pid\"\nCATALINA_OPTS=\"-Da.b=1 ${CATALINA_OPTS}\"\n"
                + "export CATALINA_OPTS\n"),
        edit("a property given without a value gets one",
            "CATALINA_OPTS=\"-Dflag ${CATALINA_OPTS}\"\nexport CATALINA_OPTS\n",
            script -> SetenvText.set(script, "flag", "true"),
            "CATALINA_OPTS=\"-Dflag=true ${CATALINA_OPTS}\"\nexport CATALINA_OPTS\n"),
        edit("a property whose name starts another's is not taken for it",
            "CATALINA_OPTS=\"-Da.b.c=1 ${CATALINA_OPTS}\"\nexport CATALINA_OPTS\n",
            script -> SetenvText.set(script, "a.b", "2"),
            "CATALINA_OPTS=\"-Da.b.c=1 ${CATALINA_OPTS}\"\nCATALINA_OPTS=\"-Da.b=2 ${CATALINA_OPTS}\"\n"
                + "export CATALINA_OPTS\n"),
        edit("a property set twice is changed in both places",
            "CATALINA_OPTS=\"-Da=1 ${CATALINA_OPTS}\"\nCATALINA_OPTS=\"${CATALINA_OPTS} -Da=2\"\n",
            script -> SetenvText.set(script, "a", "3"),
            "CATALINA_OPTS=\"-Da=3 ${CATALINA_OPTS}\"\nCATALINA_OPTS=\"${CATALINA_OPTS} -Da=3\"\n"),
        edit("removing a property alone on its line removes the line",
            SETENV,
            script -> SetenvText.remove(script, "atlassian.plugins.enable.wait"),
            SETENV.replace("CATALINA_OPTS=\"-Datlassian.plugins.enable.wait=300 ${CATALINA_OPTS}\"\n", "")),
        edit("removing a property sharing its line keeps the others",
            SETENV,
            script -> SetenvText.remove(script, "jdk.tls.server.protocols"),
            SETENV.replace("-Djdk.tls.server.protocols=TLSv1.2 ", "")),
        edit("removing the last word before the closing quote takes the space before it",
            "CATALINA_OPTS=\"${CATALINA_OPTS} -Dx=1 -Da=2\" # tuning\n",
            script -> SetenvText.remove(script, "a"),
            "CATALINA_OPTS=\"${CATALINA_OPTS} -Dx=1\" # tuning\n"),
        edit("removing a property not set changes nothing, not even a commented line",
            SETENV,
            script -> SetenvText.remove(script, SYNCHRONY),
            SETENV));
  }

  @Test
  void readsValuesAsWritten() {
    assertThat(SetenvText.get(SETENV, "java.awt.headless")).contains("true");
    assertThat(SetenvText.get(SETENV, "confluence.context.path")).contains("${CONFLUENCE_CONTEXT_PATH}");
    assertThat(SetenvText.get(SETENV, "jdk.tls.client.protocols")).contains("TLSv1.2");
    assertThat(SetenvText.get(SETENV, SYNCHRONY)).as("only commented out").isEmpty();
    assertThat(SetenvText.get("CATALINA_OPTS=\"-Dflag ${CATALINA_OPTS}\"", "flag")).contains("");
    assertThat(SetenvText.get(SetenvText.set(SETENV, SYNCHRONY, SYNCHRONY_URL), SYNCHRONY)).contains(SYNCHRONY_URL);
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3\"cr3t", "s3$cr3t", "s3`id`cr3t", "s3\\cr3t", "s3\ncr3t", "s3 cr3t"})
  void aValueThatDoubleQuotesWouldChangeIsRefusedNamingOnlyTheProperty(String value) {
    assertThatThrownBy(() -> SetenvText.set(SETENV, "db.password", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-Ddb.password")
        .hasMessageNotContaining("s3")
        .hasMessageNotContaining("cr3t");
  }

  @Test
  void aNameThatCouldBreakTheLineIsRefused() {
    assertThatThrownBy(() -> SetenvText.set(SETENV, "a b", "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a b'");
  }
}
