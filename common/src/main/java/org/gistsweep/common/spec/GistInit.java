package org.gistsweep.common.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How the Gist token is initialised before training. */
public enum GistInit {
  /** uniform(-a, a) with a = {@code gist_init_scale}; the reference uses a = 0.5. */
  UNIFORM("uniform"),
  /** All zeros. */
  ZEROS("zeros"),
  /** normal(0, std) with std = {@code gist_init_scale}. */
  NORMAL("normal"),
  /** A copy of the pretrained [CLS] token. */
  CLS("cls"),
  /** The mean of the patch tokens of the first training batch, after the positional embedding. */
  MEAN_PATCH("mean_patch");

  private final String wireName;

  GistInit(String wireName) {
    this.wireName = wireName;
  }

  /** The lower-case name used in sweep files and on the wire. */
  public String wireName() {
    return wireName;
  }

  /** Looks an initialisation up by its wire name, case-insensitively. */
  public static Optional<GistInit> fromWireName(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(m -> m.wireName.equals(wanted)).findFirst();
  }

  /** The wire names joined for error messages. */
  public static String knownNames() {
    return Arrays.stream(values()).map(GistInit::wireName).collect(Collectors.joining(", "));
  }
}
