package dev.orchestrate.core.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretReferencesTest {
  private static final Map<String, String> SECRETS = Map.of("db_password", "s3cr$t\\1", "license", "AAAB");

  private static Optional<String> lookup(String name) {
    return Optional.ofNullable(SECRETS.get(name));
  }

  @Test
  void aReferenceNamesTheSecret() {
    assertThat(SecretReferences.reference("db_password")).isEqualTo("((secret:db_password))");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "DB", "db-password", "db password", "db1", "((secret:x))"})
  void aNameIsLowerCaseLettersAndUnderscores(String name) {
    assertThatThrownBy(() -> SecretReferences.reference(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + name + "'");
  }

  @Test
  void revealReplacesEveryReferenceByItsValueExactly() {
    String text = "pass=((secret:db_password)) lic=((secret:license)) again=((secret:db_password))";

    assertThat(SecretReferences.reveal(text, SecretReferencesTest::lookup))
        .isEqualTo("pass=s3cr$t\\1 lic=AAAB again=s3cr$t\\1");
  }

  @Test
  void revealLeavesTextWithoutReferencesAlone() {
    assertThat(SecretReferences.reveal("((secret:Upper)) (secret:x) plain", SecretReferencesTest::lookup))
        .isEqualTo("((secret:Upper)) (secret:x) plain");
  }

  @Test
  void anUnknownSecretIsNamed() {
    assertThatThrownBy(() -> SecretReferences.reveal("x=((secret:nope))", SecretReferencesTest::lookup))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown secret 'nope'");
  }

  @Test
  void containsReferenceFindsOnlyWellFormedReferences() {
    assertThat(SecretReferences.containsReference("a ((secret:license)) b")).isTrue();
    assertThat(SecretReferences.containsReference("((secret:)) ((secret:UP)) (secret:x)")).isFalse();
    assertThat(SecretReferences.containsReference("")).isFalse();
  }
}
