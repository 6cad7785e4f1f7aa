package synchrony;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * A port that is open and nothing more: it accepts each connection and closes it at once. It
 * stands for the ports nothing in the sandbox talks to, only probes from outside — Synchrony's
 * Hazelcast (5701) and Aleph (25500), Confluence's Hazelcast (5801) — so that a probe finds them
 * open where a real node has them open.
 */
public final class OpenPort implements AutoCloseable {
  private final ServerSocket server;
  private final Thread accepting;

  private OpenPort(ServerSocket server, int port) {
    this.server = server;
    this.accepting = daemon("open-port-" + port, this::acceptConnections);
  }

  /**
   * Listens on {@code address:port} until {@link #close()}.
   *
   * @throws IOException when the port cannot be bound, typically because something else holds it
   */
  public static OpenPort open(String address, int port) throws IOException {
    OpenPort open = new OpenPort(bind(address, port), port);
    open.accepting.start();
    return open;
  }

  /** A listening socket on {@code address:port}, or the reason there is none. */
  static ServerSocket bind(String address, int port) throws IOException {
    ServerSocket server = new ServerSocket();
    try {
      // A port closed a moment ago (TIME_WAIT) is bound again at once, as a restarted service does.
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(address, port), 50);
      return server;
    } catch (IOException e) {
      server.close();
      throw new IOException("cannot listen on " + address + ":" + port + ": " + e.getMessage(), e);
    }
  }

  static Thread daemon(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    return thread;
  }

  private void acceptConnections() {
    while (!server.isClosed()) {
      try {
        // Accepted and closed: all a probe needs to see.
        server.accept().close();
      } catch (IOException e) {
        // Closed while accepting: the loop ends.
      }
    }
  }

  /** Frees the port; once this returns, it can be bound again. */
  @Override
  public void close() {
    release(server, accepting);
  }

  /**
   * Closes {@code server} and waits for the thread accepting on it: the JDK closes a socket that a
   * thread is blocked in accept() on only once that thread has left it, and until then the port is
   * still bound — a node restarted in the same JVM would find it taken.
   */
  static void release(ServerSocket server, Thread accepting) {
    try {
      server.close();
      accepting.join(5_000);
    } catch (IOException e) {
      // Nothing is left to free.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
