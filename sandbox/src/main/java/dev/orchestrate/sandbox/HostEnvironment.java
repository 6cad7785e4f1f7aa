package dev.orchestrate.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment every command on a sandbox host starts with, whether it comes over SSH or from
 * the sandbox itself: a plain PATH and HOME, plus what the simulators need to behave like separate
 * machines (the host's own address and disk, where the databases are) and the mark by which
 * {@code sandbox down} finds every process the sandbox ever started.
 */
final class HostEnvironment {
  /** Set in the environment of every sandbox process, to the sandbox's directory. */
  static final String MARK = "ORCHESTRATE_SANDBOX";

  private HostEnvironment() {}

  static Map<String, String> of(SandboxLayout layout, SandboxState state, int k) {
    String javaHome = System.getProperty("java.home");
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("PATH", javaHome + "/bin:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
    environment.put("HOME", layout.userHome(k).toString());
    environment.put("USER", state.user());
    environment.put("LOGNAME", state.user());
    environment.put("LANG", "C.UTF-8");
    environment.put("SHELL", "/bin/sh");
    environment.put("JAVA_HOME", javaHome);
    environment.put("SANDBOX_HOST", layout.nodeName(k));
    environment.put("SANDBOX_HOST_ADDRESS", state.address(k));
    environment.put("SANDBOX_HOST_ROOT", layout.hostRoot(k).toString());
    environment.put("SANDBOX_DATABASES", layout.databases().toString());
    environment.put(MARK, layout.dir().toString());
    return environment;
  }
}
