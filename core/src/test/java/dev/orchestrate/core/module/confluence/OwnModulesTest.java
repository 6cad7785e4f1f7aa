package dev.orchestrate.core.module.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.Module;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

class OwnModulesTest {
  @Test
  void oneOfEachModuleEachAPublicFinalClassWithANoArgumentConstructor() throws Exception {
    assertThat(OwnModules.all()).extracting(Module::name)
        .containsExactly("confluence_service", "sync", "move", "backup", "preflight", "undo", "synchrony_service");
    for (Module module : OwnModules.all()) {
      Class<?> type = module.getClass();
      assertThat(Modifier.isPublic(type.getModifiers()) && Modifier.isFinal(type.getModifiers())).as(type.getName())
          .isTrue();
      assertThat(type.getConstructor().newInstance()).isInstanceOf(Module.class);
      assertThat(module.arguments()).as(module.name()).containsAll(module.requiredArguments());
    }
  }
}
