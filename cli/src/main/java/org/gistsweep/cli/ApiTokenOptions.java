package org.gistsweep.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.gistsweep.orchestrator.http.ApiToken;
import picocli.CommandLine.Option;

/**
 * Where the HTTP API token comes from: {@code --api-token-file FILE}, else the environment variable
 * {@value #ENV}. Never a command-line value, which other users could read in the process list.
 */
final class ApiTokenOptions {
  /** The environment variable holding the token. */
  static final String ENV = "GIST_API_TOKEN";

  @Option(
      names = "--api-token-file",
      paramLabel = "FILE",
      description =
          "File holding the API token that POST calls (and, with --read-token, reads) need"
              + " (default: the "
              + ENV
              + " environment variable).")
  Path file;

  /** Reads environment variables; tests replace it. */
  UnaryOperator<String> env = System::getenv;

  /** The token text from the file or the environment, if either gives one. */
  Optional<String> secret() {
    if (file != null) {
      String text;
      try {
        text = Files.readString(file).strip();
      } catch (IOException e) {
        throw new InvalidConfigException(
            "--api-token-file "
                + file
                + ": cannot read it ("
                + e
                + "); put the token on one line there",
            e);
      }
      if (text.isEmpty()) {
        throw new InvalidConfigException(
            "--api-token-file "
                + file
                + " is empty; put the token on one line, e.g. from `openssl rand -hex 32`");
      }
      return Optional.of(text);
    }
    String value = env.apply(ENV);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  /** The token a server checks, validated. */
  Optional<ApiToken> token() {
    return secret()
        .map(
            s -> {
              try {
                return ApiToken.of(s);
              } catch (IllegalArgumentException e) {
                throw new InvalidConfigException(
                    (file != null ? "--api-token-file " + file : ENV) + ": " + e.getMessage(), e);
              }
            });
  }
}
