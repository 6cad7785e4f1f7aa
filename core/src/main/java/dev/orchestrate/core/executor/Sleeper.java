package dev.orchestrate.core.executor;

import java.time.Duration;

/** Waits between two tries of a task; tests give one that only notes the wait. */
@FunctionalInterface
interface Sleeper {
  /** The thread's own sleep; an interrupt ends the wait early and stays set. */
  Sleeper THREAD = delay -> {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  };

  void sleep(Duration delay);
}
