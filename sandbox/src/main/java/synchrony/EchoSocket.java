package synchrony;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The server side of one WebSocket (RFC 6455) after its handshake: each text message comes back
 * as one text message, {@code prefix} in front; a binary message comes back as it was; a ping is
 * answered with a pong; a close is answered with a close. Client frames must be masked and server
 * frames are not; fragmented messages are put together before they are echoed. A frame that breaks
 * the protocol ends the connection with close code 1002, a message over {@value #MAX_MESSAGE_BYTES}
 * bytes with 1009.
 */
final class EchoSocket {
  static final int MAX_MESSAGE_BYTES = 1 << 20;
  private static final int CONTINUATION = 0x0;
  private static final int TEXT = 0x1;
  private static final int BINARY = 0x2;
  private static final int CLOSE = 0x8;
  private static final int PING = 0x9;
  private static final int PONG = 0xA;
  private static final int PROTOCOL_ERROR = 1002;
  private static final int TOO_BIG = 1009;
  private static final int GOING_AWAY = 1001;

  private final InputStream in;
  private final OutputStream out;
  private final String prefix;
  private boolean closeSent;

  EchoSocket(InputStream in, OutputStream out, String prefix) {
    this.in = in;
    this.out = out;
    this.prefix = prefix;
  }

  private record Frame(boolean fin, int opcode, byte[] payload) {
    boolean control() {
      return (opcode & 0x8) != 0;
    }
  }

  /** Why the connection is ended from this side. */
  private static final class Violation extends Exception {
    private final int code;

    Violation(int code, String reason) {
      super(reason, null, false, false);
      this.code = code;
    }
  }

  /** Echoes until the client closes, the connection drops or the protocol is broken. */
  void run() throws IOException {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    int messageType = CONTINUATION;
    try {
      for (Frame frame = read(); frame != null; frame = read()) {
        if (frame.control()) {
          if (!answer(frame)) {
            return;
          }
          continue;
        }
        if ((frame.opcode() == CONTINUATION) != (messageType != CONTINUATION)) {
          throw new Violation(PROTOCOL_ERROR, messageType == CONTINUATION ? "a continuation outside a message"
              : "a new message inside a fragmented one");
        }
        if (frame.opcode() != CONTINUATION) {
          messageType = frame.opcode();
        }
        if (message.size() + frame.payload().length > MAX_MESSAGE_BYTES) {
          throw new Violation(TOO_BIG, "a message over " + MAX_MESSAGE_BYTES + " bytes");
        }
        message.write(frame.payload());
        if (frame.fin()) {
          echo(messageType, message.toByteArray());
          message.reset();
          messageType = CONTINUATION;
        }
      }
    } catch (Violation e) {
      close(e.code, e.getMessage());
    }
  }

  /** Answers a control frame; false once the connection is to end. */
  private boolean answer(Frame frame) throws IOException {
    switch (frame.opcode()) {
      case PING -> send(PONG, frame.payload());
      case PONG -> {
        // Unsolicited pongs are allowed, and need no answer.
      }
      default -> {
        // A close: its status code, when it has one, goes back (RFC 6455, 5.5.1).
        byte[] code = frame.payload().length >= 2 ? new byte[] {frame.payload()[0], frame.payload()[1]} : new byte[0];
        sendClose(code);
        return false;
      }
    }
    return true;
  }

  private void echo(int type, byte[] message) throws IOException {
    if (type == TEXT) {
      send(TEXT, (prefix + new String(message, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    } else {
      send(BINARY, message);
    }
  }

  /** The next frame, unmasked; null at the end of the stream between frames. */
  private Frame read() throws IOException, Violation {
    int first = in.read();
    if (first < 0) {
      return null;
    }
    int second = readByte();
    int opcode = first & 0x0F;
    boolean fin = (first & 0x80) != 0;
    long length = second & 0x7F;
    if (length == 126) {
      length = readNumber(2);
    } else if (length == 127) {
      length = readNumber(8);
    }
    if ((first & 0x70) != 0) {
      throw new Violation(PROTOCOL_ERROR, "reserved bits set without an extension");
    }
    if ((second & 0x80) == 0) {
      throw new Violation(PROTOCOL_ERROR, "a client frame must be masked");
    }
    if (opcode != CONTINUATION && opcode != TEXT && opcode != BINARY && opcode != CLOSE && opcode != PING
        && opcode != PONG) {
      throw new Violation(PROTOCOL_ERROR, "unknown opcode " + opcode);
    }
    if ((opcode & 0x8) != 0 && (!fin || length > 125)) {
      throw new Violation(PROTOCOL_ERROR, "a control frame must be whole and at most 125 bytes");
    }
    if (length < 0 || length > MAX_MESSAGE_BYTES) {
      throw new Violation(TOO_BIG, "a frame over " + MAX_MESSAGE_BYTES + " bytes");
    }
    byte[] mask = readExactly(4);
    byte[] payload = readExactly((int) length);
    for (int i = 0; i < payload.length; i++) {
      payload[i] ^= mask[i & 3];
    }
    return new Frame(fin, opcode, payload);
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("the connection ended inside a frame");
    }
    return b;
  }

  private long readNumber(int bytes) throws IOException {
    long number = 0;
    for (int i = 0; i < bytes; i++) {
      number = number << 8 | readByte();
    }
    return number;
  }

  private byte[] readExactly(int length) throws IOException {
    byte[] bytes = in.readNBytes(length);
    if (bytes.length < length) {
      throw new EOFException("the connection ended inside a frame");
    }
    return bytes;
  }

  /** Tells the client the server is going away (1001), as a Synchrony that shuts down does. */
  void goAway() {
    try {
      close(GOING_AWAY, "Synchrony is stopping");
    } catch (IOException e) {
      // The client is gone already.
    }
  }

  private void close(int code, String reason) throws IOException {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[2 + Math.min(text.length, 123)];
    payload[0] = (byte) (code >>> 8);
    payload[1] = (byte) code;
    System.arraycopy(text, 0, payload, 2, payload.length - 2);
    sendClose(payload);
  }

  /** At most one close frame goes out, whichever side closes first. */
  private synchronized void sendClose(byte[] payload) throws IOException {
    if (!closeSent) {
      send(CLOSE, payload);
      closeSent = true;
    }
  }

  /** One whole, unmasked frame: a server never masks (RFC 6455, 5.1). */
  private synchronized void send(int opcode, byte[] payload) throws IOException {
    if (closeSent) {
      return;
    }
    out.write(0x80 | opcode);
    if (payload.length < 126) {
      out.write(payload.length);
    } else if (payload.length <= 0xFFFF) {
      out.write(126);
      out.write(payload.length >>> 8);
      out.write(payload.length & 0xFF);
    } else {
      out.write(127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) ((long) payload.length >>> shift) & 0xFF);
      }
    }
    out.write(payload);
    out.flush();
  }
}
