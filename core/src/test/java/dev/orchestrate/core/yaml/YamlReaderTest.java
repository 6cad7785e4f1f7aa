package dev.orchestrate.core.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.diagnostic.Diagnostic;
import dev.orchestrate.core.diagnostic.Diagnostics;
import dev.orchestrate.core.diagnostic.SourcePosition;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlReaderTest {
  private final Diagnostics diagnostics = new Diagnostics("f.yaml");

  private YamlMap readMap(String text) {
    return (YamlMap) YamlReader.read(text, diagnostics).orElseThrow();
  }

  private List<String> problems() {
    return diagnostics.sorted().stream().map(Diagnostic::toString).toList();
  }

  @Test
  void keysAndValuesKeepTheirLineAndColumn() {
    YamlMap root = readMap("cluster:\n  name: wiki\nnodes:\n  - name: node1\n    host: 10.0.0.11\n");

    YamlMap.Entry cluster = root.entry("cluster").orElseThrow();
    assertThat(cluster.keyPosition()).isEqualTo(new SourcePosition(1, 1));
    YamlMap.Entry name = ((YamlMap) cluster.value()).entry("name").orElseThrow();
    assertThat(name.keyPosition()).isEqualTo(new SourcePosition(2, 3));
    assertThat(name.value().position()).isEqualTo(new SourcePosition(2, 9));
    YamlMap node = (YamlMap) root.list("nodes").orElseThrow().items().get(0);
    assertThat(node.position()).isEqualTo(new SourcePosition(4, 5));
    assertThat(node.scalar("host").orElseThrow().position()).isEqualTo(new SourcePosition(5, 11));
    assertThat(problems()).isEmpty();
  }

  @Test
  void scalarsCarryTheTypeYamlGivesThem() {
    YamlMap root = readMap("a: 22\nb: \"22\"\nc: yes\nd: 1.5\ne:\nf: ~\ng: text\n");

    assertThat(root.scalar("a").orElseThrow().type()).isEqualTo(YamlScalar.Type.INTEGER);
    assertThat(root.scalar("b").orElseThrow().type()).isEqualTo(YamlScalar.Type.STRING);
    assertThat(root.scalar("c").orElseThrow().type()).isEqualTo(YamlScalar.Type.BOOLEAN);
    assertThat(root.scalar("d").orElseThrow().type()).isEqualTo(YamlScalar.Type.FLOAT);
    assertThat(((YamlScalar) root.get("e").orElseThrow()).type()).isEqualTo(YamlScalar.Type.NULL);
    assertThat(((YamlScalar) root.get("f").orElseThrow()).type()).isEqualTo(YamlScalar.Type.NULL);
    assertThat(root.text("g")).contains("text");
    assertThat(root.scalar("e")).as("an empty value counts as absent").isEmpty();
  }

  @Test
  void everyDuplicateKeyIsReportedAndTheFirstIsKept() {
    YamlMap root = readMap("a: 1\na: 2\nb:\n  x: 1\n  x: 2\n");

    assertThat(root.text("a")).contains("1");
    assertThat(problems()).containsExactly(
        "f.yaml:2:1: error: duplicate key 'a' (first written at line 1) (keep one of them)",
        "f.yaml:5:3: error: duplicate key 'x' (first written at line 4) (keep one of them)");
  }

  @Test
  void everyLineIndentedWithATabIsReported() {
    assertThat(YamlReader.read("a: 1\n\tb: 2\nc: 3\n  \td: 4\n", diagnostics)).isEmpty();

    assertThat(problems()).containsExactly(
        "f.yaml:2:1: error: a tab indents this line; YAML allows only spaces for indentation (replace the tab with spaces)",
        "f.yaml:4:3: error: a tab indents this line; YAML allows only spaces for indentation (replace the tab with spaces)");
  }

  @Test
  void aTabInsideAValueIsFine() {
    YamlMap root = readMap("a: \"x\\ty\"\nb: one\ttwo\n");

    assertThat(root.text("a")).contains("x\ty");
    assertThat(problems()).isEmpty();
  }

  @Test
  void badIndentationPointsAtTheLineThatIsOff() {
    assertThat(YamlReader.read("confluence:\n  installDir: /opt\n   localHome: /var\n", diagnostics)).isEmpty();

    assertThat(problems()).singleElement().asString().startsWith("f.yaml:3:4: error: not valid YAML: this line is indented deeper");
  }

  @Test
  void anUnclosedQuotePointsAtWhereItOpens() {
    assertThat(YamlReader.read("a: 1\nb: \"open\nc: 3\n", diagnostics)).isEmpty();

    assertThat(problems()).singleElement().asString().startsWith("f.yaml:2:4: error: not valid YAML: a quoted value");
  }

  @Test
  void aSecondDocumentIsReportedAtItsMarker() {
    readMap("a: 1\n---\nb: 2\n");

    assertThat(problems()).singleElement().asString().startsWith("f.yaml:2:1: error: a second YAML document starts here");
  }

  @Test
  void anEmptyFileIsReported() {
    assertThat(YamlReader.read("# just a comment\n", diagnostics)).isEmpty();

    assertThat(problems()).containsExactly("f.yaml:1:1: error: the file is empty");
  }

  @Test
  void aliasesResolveToTheirAnchor() {
    YamlMap root = readMap("defaults: &ssh\n  port: 2222\nnode:\n  ssh: *ssh\nother: *missing\n");

    assertThat(root.map("node").flatMap(n -> n.map("ssh")).flatMap(s -> s.text("port"))).contains("2222");
    assertThat(problems()).containsExactly(
        "f.yaml:5:8: error: alias '*missing' names no anchor written before it (define it first with '&missing')");
  }
}
