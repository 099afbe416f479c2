package org.gistsweep.artifacts;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** The bytes of the file being stored; its read errors are told apart from the store's. */
final class SourceStream extends FilterInputStream {
  private final String source;

  SourceStream(InputStream in, String source) {
    super(in);
    this.source = source;
  }

  @Override
  public int read() throws IOException {
    try {
      return in.read();
    } catch (IOException e) {
      throw new ReadException(source, e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return in.read(b, off, len);
    } catch (IOException e) {
      throw new ReadException(source, e);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    try {
      return in.skip(n);
    } catch (IOException e) {
      throw new ReadException(source, e);
    }
  }

  /** The file being stored could not be read. */
  static final class ReadException extends IOException {
    private static final long serialVersionUID = 1L;

    ReadException(String source, IOException cause) {
      super(source + " cannot be read: " + cause.getMessage(), cause);
    }
  }
}
