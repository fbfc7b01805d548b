package io.tandem.platform;

import java.io.InputStream;
import java.util.function.IntFunction;

/**
 * A large value kept in the database in numbered parts (an upload, a connection's file), read back
 * as one stream: part after part, each fetched only when the reader gets there, so memory holds one
 * part at a time.
 */
public final class PartStream extends InputStream {

    private final IntFunction<byte[]> parts;
    private byte[] current = new byte[0];
    private int position;
    private int nextPart;
    private boolean ended;

    /** {@code parts} answers part {@code n} (from 0), or null after the last. */
    public PartStream(IntFunction<byte[]> parts) {
        this.parts = parts;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        while (position >= current.length) {
            if (ended) {
                return -1;
            }
            byte[] data = parts.apply(nextPart++);
            if (data == null) {
                ended = true;
                return -1;
            }
            current = data;
            position = 0;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }
}
