package com.lenz.central.events.db;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.lenz.central.plugin.api.EventHistory;
import com.lenz.central.plugin.api.HistoryEvent;
import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.mapper.ColumnMappers;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.Utils;

/**
 * The event history as nodes read it: rows streamed from a server-side cursor (a transaction with a
 * fetch size), so an export of millions of events holds only a few batches in memory.
 *
 * <p>The cursor is read on a thread of its own while the caller's thread runs the sink: reading
 * (the driver decoding rows, the JSON of each event's data parsed) and writing (a node formatting
 * its file) take about as long as each other, and on two cores they overlap. Batches pass through a
 * short bounded queue, so a slow sink slows the reading rather than filling the heap.
 */
public class EventHistoryReader implements EventHistory, Managed {

    private static final int FETCH_SIZE = 10_000;
    private static final int BATCH = 1_000;
    private static final int BATCHES_AHEAD = 8;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Jdbi jdbi;
    private final ObjectReader dataReader;
    private final ExecutorService readers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "event-history-reader-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    public EventHistoryReader(Jdbi jdbi, ObjectMapper json) {
        this.jdbi = jdbi;
        this.dataReader = json.readerFor(MAP);
    }

    /** The server is stopping, after the executions that read history: ends what still reads. */
    @Override
    public void stop() throws InterruptedException {
        readers.shutdownNow();
        readers.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public long forEach(String analyticType, Instant from, Instant to, Consumer<HistoryEvent> sink) throws Exception {
        BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(BATCHES_AHEAD);
        CountDownLatch readerDone = new CountDownLatch(1);
        Future<?> reading = readers.submit(() -> {
            try {
                return read(analyticType, from, to, queue);
            } finally {
                readerDone.countDown();
            }
        });
        long count = 0;
        try {
            while (true) {
                Batch batch = queue.take();
                if (batch.failure != null) {
                    throw batch.failure;
                }
                if (batch.events == null) {
                    return count;
                }
                for (HistoryEvent event : batch.events) {
                    sink.accept(event);
                    count++;
                }
            }
        } finally {
            // Normally the reader is done; after a failure of the sink it is stopped (its put is
            // interrupted, its transaction rolled back) before the connection is counted free again.
            // (Future.get would not wait for a cancelled task to end: the latch does.)
            reading.cancel(true);
            boolean interrupted = false;
            while (true) {
                try {
                    readerDone.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The CSV written by PostgreSQL's COPY. COPY takes no parameters, so the values are written into
     * the query as literals escaped by the driver ({@code Utils.escapeLiteral}, which knows this
     * connection's quoting rules); the zone becomes the transaction's TimeZone, so offsets follow its
     * daylight-saving rules. Zones that PostgreSQL does not know by the same name, and fixed offsets
     * (whose sign POSIX reads the other way), are left to {@link #forEach}.
     */
    @Override
    public OptionalLong copyCsv(String analyticType, Instant from, Instant to, ZoneId zone, List<String> dataFields,
                                OutputStream out) throws Exception {
        String zoneName = zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : zone instanceof ZoneOffset ? null : zone.getId();
        if (zoneName == null) {
            return OptionalLong.empty();
        }
        return jdbi.inTransaction(h -> {
            boolean known = h.createQuery("SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = :zone)")
                    .bind("zone", zoneName).mapTo(Boolean.class).one();
            if (!known) {
                return OptionalLong.empty();
            }
            h.createQuery("SELECT set_config('TimeZone', :zone, true)").bind("zone", zoneName).mapTo(String.class).one();
            BaseConnection pg = h.getConnection().unwrap(BaseConnection.class);
            StringBuilder fields = new StringBuilder();
            for (String field : dataFields) {
                fields.append("h.data ->> ").append(literal(pg, field)).append(" AS ").append(identifier(field)).append(", ");
            }
            // to_json writes a time stamp as ISO 8601 with the zone's offset and the fraction cut of its
            // trailing zeros, as ISO_OFFSET_DATE_TIME does, but for "Z" (and it is cheaper than to_char).
            String copy = "COPY (SELECT h.id AS event_id, replace(to_json(h.event_time) #>> '{}', '+00:00', 'Z') AS event_time, "
                    + "h.analytic_type, h.stream_id, " + fields + "h.data FROM event_history h "
                    + "WHERE h.analytic_type = " + literal(pg, analyticType)
                    + " AND h.event_time >= " + literal(pg, from.toString()) + "::timestamptz"
                    + " AND h.event_time < " + literal(pg, to.toString()) + "::timestamptz "
                    + "ORDER BY h.event_time, h.id) TO STDOUT WITH (FORMAT csv, HEADER true)";
            CrlfLines lines = new CrlfLines(out);
            long rows = pg.getCopyAPI().copyOut(copy, lines);
            lines.flush();
            return OptionalLong.of(rows);
        });
    }

    private static String literal(BaseConnection pg, String value) throws java.sql.SQLException {
        return "'" + Utils.escapeLiteral(null, value, pg.getStandardConformingStrings()) + "'";
    }

    private static String identifier(String name) throws java.sql.SQLException {
        return Utils.escapeIdentifier(null, name).toString();
    }

    private Void read(String analyticType, Instant from, Instant to, BlockingQueue<Batch> queue) throws InterruptedException {
        try {
            jdbi.useTransaction(h -> {
                // Jdbi's own java.time mapping (timestamptz to Instant), looked up once for all rows
                ColumnMapper<Instant> instant = h.getConfig(ColumnMappers.class).findFor(Instant.class).orElseThrow();
                try (Stream<HistoryEvent> rows = h.createQuery("SELECT id, analytic_type, stream_id, event_time, data "
                                + "FROM event_history WHERE analytic_type = :type AND event_time >= :from AND event_time < :to "
                                + "ORDER BY event_time, id")
                        .bind("type", analyticType)
                        .bind("from", from)
                        .bind("to", to)
                        .setFetchSize(FETCH_SIZE)
                        .map((rs, ctx) -> {
                            String data = rs.getString("data");
                            return new HistoryEvent(rs.getString("id"), rs.getString("analytic_type"), rs.getString("stream_id"),
                                    instant.map(rs, "event_time", ctx), parse(data), data);
                        })
                        .stream()) {
                    List<HistoryEvent> batch = new ArrayList<>(BATCH);
                    var rowsLeft = rows.iterator();
                    while (rowsLeft.hasNext()) {
                        batch.add(rowsLeft.next());
                        if (batch.size() == BATCH) {
                            queue.put(new Batch(batch, null));
                            batch = new ArrayList<>(BATCH);
                        }
                    }
                    if (!batch.isEmpty()) {
                        queue.put(new Batch(batch, null));
                    }
                }
            });
            queue.put(new Batch(null, null));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            queue.put(new Batch(null, e));
        }
        return null;
    }

    private Map<String, Object> parse(String data) {
        try {
            return dataReader.readValue(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Events read, or the end (both null), or what went wrong. */
    private record Batch(List<HistoryEvent> events, Exception failure) {
    }
}
