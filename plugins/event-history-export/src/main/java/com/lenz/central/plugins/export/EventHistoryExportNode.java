package com.lenz.central.plugins.export;

import com.lenz.central.plugin.api.ActionNode;
import com.lenz.central.plugin.api.NodeConfigException;
import com.lenz.central.plugin.api.NodeContext;
import com.lenz.central.plugin.api.NodeDescriptor;
import com.lenz.central.plugin.api.NodeResult;
import com.lenz.central.plugin.api.Templates;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import org.pf4j.Extension;

/**
 * {@code event_history_export}: writes the events of one analytic type over a day or a range of days
 * to a CSV (default) or JSON file under EXPORT_DIR, streaming rows from the database so that memory
 * stays flat however many there are.
 *
 * <pre>{@code
 * {"analytic_type": "FR", "date_range": "yesterday", "timezone": "Asia/Jakarta",
 *  "format": "csv", "output_dir": "/exports/fr"}
 * }</pre>
 * Output: {@code file_url} ({@code /exports/fr/2025-04-29.csv}), {@code date}, {@code rows}, {@code format}.
 * The file is named for its date ({@code 2025-04-29.csv}; a range {@code 2025-04-01_2025-04-30.csv})
 * and replaced atomically when the export runs again.
 */
@Extension
public class EventHistoryExportNode implements ActionNode {

    /** The file formats; the schema is built from this list. */
    static final List<String> FORMATS = List.of("csv", "json");
    static final String SCHEMA = """
            {
              "type": "object",
              "required": ["analytic_type", "date_range"],
              "properties": {
                "analytic_type": {"type": "string", "minLength": 1, "description": "e.g. FR (face recognition)"},
                "date_range": {
                  "description": "today, yesterday, last_7_days, last_30_days, or {from, to} dates (both included)",
                  "oneOf": [
                    {"type": "string"},
                    {"type": "object", "required": ["from", "to"],
                     "properties": {"from": {"type": "string"}, "to": {"type": "string"}}}
                  ]
                },
                "timezone": {"type": "string", "description": "IANA zone of the days; default SCHEDULER_TIMEZONE"},
                "format": {"type": "string", "enum": [%s], "default": "%s"},
                "output_dir": {"type": "string", "description": "under /exports/; default /exports/<analytic_type in lower case>"}
              }
            }""".formatted("\"" + String.join("\", \"", FORMATS) + "\"", FORMATS.get(0));

    private final Clock clock;

    public EventHistoryExportNode() {
        this(Clock.systemUTC());
    }

    EventHistoryExportNode(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String type() {
        return "event_history_export";
    }

    @Override
    public NodeDescriptor descriptor() {
        return new NodeDescriptor("Export event history",
                "Writes a day or range of ingested events of one analytic type to a CSV or JSON file under /exports.",
                SCHEMA);
    }

    @Override
    public void validate(Map<String, Object> config) throws NodeConfigException {
        Object type = config.get("analytic_type");
        if (!(type instanceof String s) || s.isBlank()) {
            throw new NodeConfigException("analytic_type", "is required");
        }
        Object range = config.get("date_range");
        if (!Templates.isTemplate(range)) {
            DateRange.resolve(range, ZoneId.of("UTC"), clock);
        }
        Object zone = config.get("timezone");
        if (zone != null && !Templates.isTemplate(zone)) {
            DateRange.zone(zone, "UTC");
        }
        Object format = config.get("format");
        if (format != null && !Templates.isTemplate(format) && !FORMATS.contains(format)) {
            throw new NodeConfigException("format", "must be " + String.join(" or ", FORMATS));
        }
        Object dir = config.get("output_dir");
        if (dir != null && !Templates.isTemplate(dir) && !(dir instanceof String d && (d.equals("/exports") || d.startsWith("/exports/")))) {
            throw new NodeConfigException("output_dir", "must start with /exports/");
        }
        if (dir instanceof String d && (d.contains("/../") || d.endsWith("/..") || d.contains("/./"))) {
            throw new NodeConfigException("output_dir", "must not contain '.' or '..' segments");
        }
    }

    @Override
    public NodeResult execute(NodeContext context) throws Exception {
        Map<String, Object> config = context.config();
        validate(config);
        String analyticType = config.get("analytic_type").toString();
        ZoneId zone = DateRange.zone(config.get("timezone"), context.setting("scheduler_timezone").orElse("UTC"));
        DateRange range = DateRange.resolve(config.get("date_range"), zone, clock);
        String format = config.getOrDefault("format", FORMATS.get(0)).toString();
        String dir = config.getOrDefault("output_dir", "/exports/" + analyticType.toLowerCase(Locale.ROOT)).toString();
        String fileUrl = dir.replaceAll("/+$", "") + "/" + range.label() + "." + format;
        Path target;
        try {
            target = context.resolveExport(fileUrl);
        } catch (NodeConfigException e) {
            throw new NodeConfigException("output_dir", e.getMessage());
        }
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), "." + range.label(), ".partial");
        long rows;
        try {
            OptionalLong copied = "csv".equals(format) ? copyCsv(context, analyticType, range, zone, partial) : OptionalLong.empty();
            rows = copied.isPresent() ? copied.getAsLong() : write(context, analyticType, range, zone, format, partial);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        context.logger().info("exported {} {} events of {} to {}", rows, analyticType, range.label(), fileUrl);
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("file_url", fileUrl);
        output.put("date", range.label());
        output.put("rows", rows);
        output.put("format", format);
        return NodeResult.of(output);
    }

    /** CSV written by the database itself (see {@link com.lenz.central.plugin.api.EventHistory#copyCsv}). */
    private static OptionalLong copyCsv(NodeContext context, String analyticType, DateRange range, ZoneId zone, Path partial)
            throws Exception {
        try (OutputStream out = new CancellableOutputStream(new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16),
                context)) {
            return context.events().copyCsv(analyticType, range.from(), range.to(), zone,
                    CsvEventWriter.dataFields(analyticType), out);
        } catch (IOException e) {
            if (context.isCancelled()) {
                throw new CancellationException("export cancelled");
            }
            throw e;
        }
    }

    /** The events one by one through a writer of the format. */
    private static long write(NodeContext context, String analyticType, DateRange range, ZoneId zone, String format, Path partial)
            throws Exception {
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(partial, StandardCharsets.UTF_8), 1 << 16);
             EventFileWriter writer = "json".equals(format) ? new JsonEventWriter(out, zone)
                     : new CsvEventWriter(out, analyticType, zone)) {
            long rows = context.events().forEach(analyticType, range.from(), range.to(), event -> {
                if (context.isCancelled()) {
                    throw new CancellationException("export cancelled");
                }
                try {
                    writer.write(event);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            writer.finish();
            return rows;
        }
    }

    /** Stops a copy between two blocks once the execution is cancelled. */
    private static final class CancellableOutputStream extends FilterOutputStream {
        private final NodeContext context;

        CancellableOutputStream(OutputStream out, NodeContext context) {
            super(out);
            this.context = context;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (context.isCancelled()) {
                throw new IOException("export cancelled");
            }
            out.write(b, off, len);
        }
    }
}
