package dev.orchestrate.core.module.builtin;

import java.util.regex.Pattern;

/**
 * A wanted mode as Ansible reads {@code mode:}. A number is the bits themselves (YAML's {@code
 * 0644} is 420, which is 0644; an unquoted {@code 644} is decimal 644, which Ansible, and so this,
 * takes as 01204). A string of octal digits is octal ({@code '0644'}, {@code '644'}, {@code
 * '0o644'}). Anything else is symbolic, as chmod writes it ({@code u=rw,g=r,o=}, {@code
 * u+x}, {@code a-w}, {@code go=u}), with Ansible's rules: no user letter means all users less the
 * umask, and {@code X} sets execute only for directories and for files already executable.
 */
final class FileMode {
  private static final int ALL_BITS = 07777;
  private static final Pattern OCTAL = Pattern.compile("(?:0o)?[0-7]+");
  private static final Pattern OPERATOR = Pattern.compile("[+=-]");

  private final String written;
  private final int bits;
  private final boolean symbolic;

  private FileMode(String written, int bits, boolean symbolic) {
    this.written = written;
    this.bits = bits;
    this.symbolic = symbolic;
  }

  /** Reads {@code value}; fails naming what is wrong with it. */
  static FileMode parse(Object value) {
    if (value instanceof Number number) {
      if (number instanceof Double || number instanceof Float) {
        throw new ModuleFailure("mode must be octal digits in quotes, such as '0644', or symbolic, not " + value);
      }
      return numeric(String.valueOf(value), number.longValue());
    }
    String text = String.valueOf(value).strip();
    if (OCTAL.matcher(text).matches()) {
      return numeric(text, Long.parseLong(text.startsWith("0o") ? text.substring(2) : text, 8));
    }
    FileMode mode = new FileMode(text, 0, true);
    mode.apply(0644, false, 022);
    return mode;
  }

  static FileMode of(int bits) {
    return numeric(Integer.toOctalString(bits), bits);
  }

  private static FileMode numeric(String written, long bits) {
    if (bits < 0 || bits > ALL_BITS) {
      throw new ModuleFailure(
          "mode " + written + " is outside 0 to 07777; write it in quotes as octal, such as '0644'");
    }
    return new FileMode(written, (int) bits, false);
  }

  /** The mode a path with {@code current} bits ends with. */
  int apply(int current, boolean directory, int umask) {
    if (!symbolic) {
      return bits;
    }
    int mode = current & ALL_BITS;
    for (String clause : written.split(",", -1)) {
      mode = applyClause(clause, mode, directory, umask);
    }
    return mode;
  }

  private int applyClause(String clause, int start, boolean directory, int umask) {
    String[] parts = OPERATOR.split(clause, -1);
    String users = parts[0];
    if (parts.length < 2) {
      throw bad(clause);
    }
    boolean useUmask = users.isEmpty();
    if (users.isEmpty() || users.equals("a")) {
      users = "ugo";
    }
    if (!users.chars().allMatch(c -> "ugo".indexOf(c) >= 0)) {
      throw bad(clause);
    }
    int mode = start;
    int at = parts[0].length();
    for (int index = 1; index < parts.length; index++) {
      char operator = clause.charAt(at);
      String perms = parts[index];
      at += 1 + perms.length();
      if (!perms.chars().allMatch(c -> "rwxXstugo".indexOf(c) >= 0)) {
        throw bad(clause);
      }
      for (char user : users.toCharArray()) {
        int wanted = 0;
        for (char perm : perms.toCharArray()) {
          wanted |= bitsFor(user, perm, mode, directory, useUmask ? umask : 0);
        }
        mode = operate(user, operator, wanted, mode);
      }
    }
    return mode;
  }

  private static int bitsFor(char user, char perm, int previous, boolean directory, int umask) {
    int shift = switch (user) {
      case 'u' -> 6;
      case 'g' -> 3;
      default -> 0;
    };
    int allowed = ~umask & ALL_BITS;
    return switch (perm) {
      case 'r' -> (04 << shift) & allowed;
      case 'w' -> (02 << shift) & allowed;
      case 'x' -> (01 << shift) & allowed;
      case 'X' -> directory || (previous & 0111) != 0 ? 01 << shift : 0;
      case 's' -> user == 'u' ? 04000 : user == 'g' ? 02000 : 0;
      case 't' -> user == 'o' ? 01000 : 0;
      default -> {
        int from = perm == 'u' ? 6 : perm == 'g' ? 3 : 0;
        yield ((previous >> from) & 07) << shift;
      }
    };
  }

  private static int operate(char user, char operator, int wanted, int mode) {
    int mask = switch (user) {
      case 'u' -> 0700 | 04000;
      case 'g' -> 070 | 02000;
      default -> 07 | 01000;
    };
    return switch (operator) {
      case '=' -> (mode & ~mask & ALL_BITS) | wanted;
      case '+' -> mode | wanted;
      default -> mode & ~wanted;
    };
  }

  private static ModuleFailure bad(String clause) {
    return new ModuleFailure("bad symbolic permission for mode: " + clause);
  }

  @Override
  public String toString() {
    return written;
  }
}
