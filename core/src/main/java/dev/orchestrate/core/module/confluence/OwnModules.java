package dev.orchestrate.core.module.confluence;

import dev.orchestrate.core.module.Module;
import java.util.List;

/** The modules the Confluence procedures need beyond Ansible's own: services, copies, moves, backups, checks. */
public final class OwnModules {
  private OwnModules() {}

  /** One instance of each; modules keep no state between calls, so one serves every task. */
  public static List<Module> all() {
    return List.of(new ConfluenceServiceModule(), new SyncModule(), new MoveModule(), new BackupModule(),
        new PreflightModule(), new UndoModule(),
        new SynchronyServiceModule());
  }
}
