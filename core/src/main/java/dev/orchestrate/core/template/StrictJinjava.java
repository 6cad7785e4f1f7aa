package dev.orchestrate.core.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.el.ExtendedSyntaxBuilder;
import java.util.Properties;
import jinjava.de.odysseus.el.ExpressionFactoryImpl;
import jinjava.de.odysseus.el.tree.TreeBuilder;
import jinjava.javax.el.ExpressionFactory;

/**
 * Jinjava whose expressions coerce through {@link StrictTypeConverter}. Jinjava builds its
 * expression factory with a fixed converter, and every interpreter asks the engine for the
 * factory, so overriding that one getter is how the converter is changed.
 */
final class StrictJinjava extends Jinjava {
  private final ExpressionFactory expressionFactory;

  StrictJinjava(JinjavaConfig config) {
    super(config);
    Properties properties = new Properties();
    properties.setProperty(TreeBuilder.class.getName(), ExtendedSyntaxBuilder.class.getName());
    this.expressionFactory = new ExpressionFactoryImpl(properties, new StrictTypeConverter());
  }

  @Override
  public ExpressionFactory getExpressionFactory() {
    return expressionFactory;
  }
}
