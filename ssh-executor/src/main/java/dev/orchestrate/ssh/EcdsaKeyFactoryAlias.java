package dev.orchestrate.ssh;

import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyFactorySpi;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import java.util.List;
import java.util.Map;

/**
 * Lets sshj read ECDSA keys without BouncyCastle registered as a security provider: sshj asks for
 * a key factory named "ECDSA", a name only BouncyCastle gives; the JDK calls the same thing "EC".
 * This provider answers "ECDSA" with the JDK's EC key factory. Registering BouncyCastle instead
 * costs about a second at every start.
 */
final class EcdsaKeyFactoryAlias extends Provider {
  private static final long serialVersionUID = 1L;

  EcdsaKeyFactoryAlias() {
    super("OrchestrateEcdsaAlias", "1", "KeyFactory.ECDSA served by the JDK's KeyFactory.EC");
    putService(new Service(this, "KeyFactory", "ECDSA", Spi.class.getName(), List.of(), Map.of()) {
      @Override
      public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
        return new Spi(KeyFactory.getInstance("EC"));
      }
    });
  }

  /** Hands every call to the JDK's EC key factory. */
  private static final class Spi extends KeyFactorySpi {
    private final KeyFactory ec;

    Spi(KeyFactory ec) {
      this.ec = ec;
    }

    @Override
    protected PublicKey engineGeneratePublic(KeySpec spec) throws InvalidKeySpecException {
      return ec.generatePublic(spec);
    }

    @Override
    protected PrivateKey engineGeneratePrivate(KeySpec spec) throws InvalidKeySpecException {
      return ec.generatePrivate(spec);
    }

    @Override
    protected <T extends KeySpec> T engineGetKeySpec(Key key, Class<T> type) throws InvalidKeySpecException {
      return ec.getKeySpec(key, type);
    }

    @Override
    protected Key engineTranslateKey(Key key) throws InvalidKeyException {
      return ec.translateKey(key);
    }
  }
}
