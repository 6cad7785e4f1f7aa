package dev.orchestrate.ssh;

import dev.orchestrate.core.topology.Environment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Talks to a running ssh-agent over its Unix socket ({@code SSH_AUTH_SOCK}), with the two requests
 * a login needs: list the keys, and sign with one. Private keys never leave the agent. Uses the
 * JDK's own Unix-domain sockets, so no native library is needed.
 */
final class AgentClient {
  private static final int REQUEST_IDENTITIES = 11;
  private static final int IDENTITIES_ANSWER = 12;
  private static final int SIGN_REQUEST = 13;
  private static final int SIGN_RESPONSE = 14;
  private static final int MAX_MESSAGE = 256 * 1024;

  private final Path socket;

  AgentClient(Path socket) {
    this.socket = socket;
  }

  /** One key the agent holds: its public blob, as SSH encodes it, and the comment it was added with. */
  record Identity(byte[] blob, String comment) {
    /** The key's type, the first string of the blob: {@code ssh-ed25519}, {@code ssh-rsa}, ... */
    String keyType() {
      ByteBuffer buffer = ByteBuffer.wrap(blob);
      byte[] type = new byte[buffer.getInt()];
      buffer.get(type);
      return new String(type, StandardCharsets.US_ASCII);
    }
  }

  /** The agent named by SSH_AUTH_SOCK, when that socket exists. */
  static Optional<AgentClient> fromEnvironment(Environment environment) {
    return environment.variable("SSH_AUTH_SOCK")
        .filter(s -> !s.isEmpty())
        .map(Path::of)
        .filter(Files::exists)
        .map(AgentClient::new);
  }

  List<Identity> identities() {
    byte[] answer = exchange(new byte[] {REQUEST_IDENTITIES}, IDENTITIES_ANSWER);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(answer))) {
      int count = in.readInt();
      List<Identity> identities = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        byte[] blob = readString(in);
        identities.add(new Identity(blob, new String(readString(in), StandardCharsets.UTF_8)));
      }
      return identities;
    } catch (IOException e) {
      throw new UncheckedIOException("the SSH agent at " + socket + " sent a malformed key list", e);
    }
  }

  /** The agent's signature of {@code data} with the key {@code blob}: SSH's signature encoding (algorithm, then bytes). */
  byte[] sign(byte[] blob, byte[] data, int flags) {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(request)) {
      out.writeByte(SIGN_REQUEST);
      writeString(out, blob);
      writeString(out, data);
      out.writeInt(flags);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] answer = exchange(request.toByteArray(), SIGN_RESPONSE);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(answer))) {
      return readString(in);
    } catch (IOException e) {
      throw new UncheckedIOException("the SSH agent at " + socket + " sent a malformed signature", e);
    }
  }

  private byte[] exchange(byte[] message, int expected) {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer framed = ByteBuffer.allocate(4 + message.length).putInt(message.length).put(message).flip();
      while (framed.hasRemaining()) {
        channel.write(framed);
      }
      DataInputStream in = new DataInputStream(Channels.newInputStream(channel));
      int length = in.readInt();
      if (length < 1 || length > MAX_MESSAGE) {
        throw new IOException("an answer of " + length + " bytes");
      }
      byte[] answer = in.readNBytes(length);
      if (answer.length != length) {
        throw new EOFException("the agent closed the connection");
      }
      if (answer[0] != expected) {
        throw new IOException("the agent refused (answer type " + answer[0] + ")");
      }
      byte[] body = new byte[length - 1];
      System.arraycopy(answer, 1, body, 0, body.length);
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException("the SSH agent at " + socket + ": " + e.getMessage(), e);
    }
  }

  private static byte[] readString(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > MAX_MESSAGE) {
      throw new IOException("a string of " + length + " bytes");
    }
    return in.readNBytes(length);
  }

  private static void writeString(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }
}
