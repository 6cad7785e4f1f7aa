package dev.orchestrate.core.compiler;

/** The built-in procedures, each a playbook in the playbooks module. */
public enum Procedure {
  /** Atlassian's way from one Server node to a Data Center cluster of every node. */
  SERVER_TO_DATACENTER("server-to-datacenter"),
  /** New nodes join a running cluster; every node's peers are updated, one restart at a time. */
  ADD_NODES("add-nodes"),
  /** Atlassian's way back: every node stopped, the first one made a Server installation again. */
  DATACENTER_TO_SERVER("datacenter-to-server"),
  /** Each node stopped and started in turn, each RUNNING before the next. */
  ROLLING_RESTART("rolling-restart"),
  /** Other nodes found running beside a Server stopped, so that the Server is alone on its database. */
  STOP_NODES("stop-nodes"),
  /** Nodes found not serving (stopped, STARTING, in ERROR) brought to RUNNING, one at a time. */
  START_NODES("start-nodes");

  private final String playbook;

  Procedure(String playbook) {
    this.playbook = playbook;
  }

  public String playbook() {
    return playbook;
  }
}
