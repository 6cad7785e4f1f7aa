package dev.orchestrate.core.module.builtin;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words the way Python's {@code shlex.split} does, which is how
 * Ansible's {@code command} module reads its free-form text: single quotes keep everything,
 * double quotes let a backslash escape only {@code "} and {@code \}, a bare backslash escapes the
 * next character, and adjacent pieces join into one word.
 */
final class Shlex {
  private static final String WHITESPACE = " \t\r\n";

  private Shlex() {}

  static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (WHITESPACE.indexOf(c) >= 0) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        i++;
        continue;
      }
      inWord = true;
      if (c == '\'') {
        int end = text.indexOf('\'', i + 1);
        if (end < 0) {
          throw new ModuleFailure("cannot split the command into words: No closing quotation");
        }
        word.append(text, i + 1, end);
        i = end + 1;
      } else if (c == '"') {
        i = doubleQuoted(text, i + 1, word);
      } else if (c == '\\') {
        if (i + 1 >= text.length()) {
          throw new ModuleFailure("cannot split the command into words: No escaped character");
        }
        word.append(text.charAt(i + 1));
        i += 2;
      } else {
        word.append(c);
        i++;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return List.copyOf(words);
  }

  /** Reads up to the closing double quote; returns the index after it. */
  private static int doubleQuoted(String text, int start, StringBuilder word) {
    int i = start;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\' && i + 1 < text.length()) {
        char next = text.charAt(i + 1);
        if (next != '"' && next != '\\') {
          word.append(c);
        }
        word.append(next);
        i += 2;
      } else {
        word.append(c);
        i++;
      }
    }
    throw new ModuleFailure("cannot split the command into words: No closing quotation");
  }
}
