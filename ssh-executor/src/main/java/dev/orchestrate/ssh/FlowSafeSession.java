package dev.orchestrate.ssh;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.SSHException;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.connection.Connection;
import net.schmizz.sshj.connection.channel.ChannelInputStream;
import net.schmizz.sshj.connection.channel.direct.SessionChannel;

/**
 * sshj's session, made safe for stdout and stderr flowing at once. The two streams share one
 * window. A thread reading one stream grants the server more window and only then records the
 * grant; a server on a fast link may answer with data for the other stream in between, and sshj
 * then fails the whole connection with "Window consumed to below 0" (sshj issues 203 and 328;
 * seen here with OpenSSH on loopback, under 50 MB of output). Data can only exceed the recorded
 * window while such a grant is being recorded, so the reader waits those few microseconds (up to
 * a second) before taking the data.
 */
final class FlowSafeSession extends SessionChannel {
  private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

  FlowSafeSession(Connection connection) {
    super(connection, StandardCharsets.UTF_8);
  }

  @Override
  protected void receiveInto(ChannelInputStream stream, SSHPacket packet) throws SSHException {
    int length = peekLength(packet);
    long deadline = System.nanoTime() + GRACE_NANOS;
    while (lwin.getSize() < length && System.nanoTime() < deadline) {
      LockSupport.parkNanos(20_000);
    }
    super.receiveInto(stream, packet);
  }

  private static int peekLength(SSHPacket packet) {
    int position = packet.rpos();
    try {
      return packet.readUInt32AsInt();
    } catch (Buffer.BufferException e) {
      return 0;
    } finally {
      packet.rpos(position);
    }
  }
}
