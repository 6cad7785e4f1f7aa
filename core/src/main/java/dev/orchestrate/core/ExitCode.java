package dev.orchestrate.core;

/**
 * The exit status of every orchestrate command, defined once; the README's table and every --help list them.
 * A failure anywhere in the program travels as an {@link OrchestrateException} carrying one of these.
 */
public enum ExitCode {
  OK(0, "success, or nothing to change"),
  TASK_FAILED(1, "a task failed; the journal says what was done; `rollback` undoes it"),
  CHANGES_PENDING(2, "`plan --detailed-exitcode` only: the plan has changes"),
  UNREACHABLE(3, "a host could not be reached, or its host key was unknown or changed"),
  INVALID_INPUT(4, "invalid input: arguments, cluster.yaml, playbook, or a saved plan that no longer matches the hosts"),
  LOCKED(5, "another run holds the cluster's lock (the message names its holder)"),
  ROLLED_BACK(6, "a task failed and `--rollback-on-failure` restored the previous state"),
  INTERNAL_ERROR(70, "a bug: an internal error, with its trace under --verbose");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }
}
