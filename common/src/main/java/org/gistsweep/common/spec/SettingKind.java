package org.gistsweep.common.spec;

/** The value type of one training setting, used to check sweep files and search spaces. */
public enum SettingKind {
  /** A floating-point number. */
  FLOAT,
  /** A whole number. */
  INT,
  /** {@code true} or {@code false}. */
  BOOLEAN,
  /** Free text, such as a path. */
  TEXT,
  /** One of a fixed set of names. */
  CHOICE
}
