package org.gistsweep.cli.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code kafka-configs.sh} and {@code kafka-acls.sh} commands of a Markdown page, as written
 * (continuation lines joined, shell quotes removed), with {@code $BOOTSTRAP} and {@code
 * admin.properties} replaced by a test broker's address and admin settings.
 */
final class DocumentedCommands {
  /** One command: the script's name and its arguments. */
  record Command(String script, List<String> args) {}

  private DocumentedCommands() {}

  static List<Command> read(Path page, String bootstrap, Path adminProperties) throws IOException {
    List<Command> commands = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String raw : Files.readAllLines(page)) {
      String text = raw.strip();
      if (text.endsWith("\\")) {
        line.append(text, 0, text.length() - 1).append(' ');
        continue;
      }
      line.append(text);
      String full = line.toString();
      line.setLength(0);
      if (full.startsWith("kafka-configs.sh ") || full.startsWith("kafka-acls.sh ")) {
        List<String> words = words(full);
        List<String> args = new ArrayList<>();
        for (String w : words.subList(1, words.size())) {
          args.add(
              w.equals("$BOOTSTRAP")
                  ? bootstrap
                  : w.equals("admin.properties") ? adminProperties.toString() : w);
        }
        commands.add(new Command(words.get(0), List.copyOf(args)));
      }
    }
    return commands;
  }

  /** Splits on blanks outside quotes and drops the quotes, as a shell does for these commands. */
  private static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    boolean inWord = false;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
