package com.lenz.central.plugins.export;

import com.lenz.central.plugin.api.HistoryEvent;
import java.io.Closeable;
import java.io.IOException;

/** Writes events one at a time to an export file; memory does not grow with the row count. */
interface EventFileWriter extends Closeable {

    void write(HistoryEvent event) throws IOException;

    /** Completes the file (closing brackets, flush). */
    void finish() throws IOException;
}
