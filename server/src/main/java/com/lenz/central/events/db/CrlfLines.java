package com.lenz.central.events.db;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Turns the LF that ends each record of PostgreSQL's CSV into CRLF, as RFC 4180 has it, leaving line
 * breaks inside quoted fields as they are. Tracks quotes byte by byte: in UTF-8 no byte of a multi-byte
 * character is a quote or a line feed, and an escaped quote ({@code ""}) toggles twice.
 */
final class CrlfLines extends FilterOutputStream {

    private final byte[] buffer = new byte[1 << 16];
    private int used;
    private boolean quoted;

    CrlfLines(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
        for (int i = off, end = off + len; i < end; i++) {
            byte b = bytes[i];
            if (b == '"') {
                quoted = !quoted;
            } else if (b == '\n' && !quoted) {
                put((byte) '\r');
            }
            put(b);
        }
    }

    private void put(byte b) throws IOException {
        if (used == buffer.length) {
            out.write(buffer, 0, used);
            used = 0;
        }
        buffer[used++] = b;
    }

    @Override
    public void flush() throws IOException {
        out.write(buffer, 0, used);
        used = 0;
        out.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
