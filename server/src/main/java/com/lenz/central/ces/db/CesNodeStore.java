package com.lenz.central.ces.db;

import com.lenz.central.ces.core.CesNode;
import com.lenz.central.ces.core.HeartbeatWriter;
import com.lenz.central.ces.core.NodeIdentity;
import com.lenz.central.ces.core.NodeReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@code ces_nodes} table: the master's registry of every CES node and its last report. */
public class CesNodeStore {

    // Timestamps as epoch milliseconds: the listing reads 10,000 rows at a time, and parsing three
    // timestamp strings per row was a good part of its cost. date_part (a double) rather than extract
    // (a numeric, three times slower here); floor truncates to the millisecond (the status compares heartbeats that finely).
    private static final String COLUMNS = "id, name, ip_address, total_enrollment, is_master, custom_fields::text AS custom_fields, "
            + "floor(date_part('epoch', last_heartbeat) * 1000)::bigint AS last_heartbeat, "
            + "floor(date_part('epoch', created_at) * 1000)::bigint AS created_at, "
            + "floor(date_part('epoch', updated_at) * 1000)::bigint AS updated_at";
    private static final String LIST = "SELECT " + COLUMNS + " FROM ces_nodes";
    private static final String FIND = "SELECT " + COLUMNS + " FROM ces_nodes WHERE lower(id) = lower(:id)";
    /** The listing's order: the master first, then by name (code point order), then id. */
    private static final Comparator<CesNode> LISTING_ORDER = Comparator.comparing(CesNode::master).reversed()
            .thenComparing(CesNode::name).thenComparing(CesNode::id);
    private static final RowMapper<CesNode> MAPPER = (rs, ctx) -> new CesNode(
            rs.getString("id"), rs.getString("name"), rs.getString("ip_address"), rs.getLong("total_enrollment"),
            rs.getBoolean("is_master"), rs.getString("custom_fields"),
            Instant.ofEpochMilli(rs.getLong("last_heartbeat")), Instant.ofEpochMilli(rs.getLong("created_at")),
            Instant.ofEpochMilli(rs.getLong("updated_at")));

    // Reports, one or a batch of them (HeartbeatWriter's), in one statement from arrays. A report
    // refreshes everything but created_at and the optional fields it left out (null in the arrays: those
    // keep their stored values, a new node starts with 0 and {}); it never turns the master's own row
    // into a slave's. Ids compare case-insensitively (the unique index on lower(id)): a report of
    // A1B2C3D4 updates a1b2c3d4, which keeps the id it was first stored with. A heartbeat lost in a crash
    // is replaced by the next one within a report interval, so a report's commit need not wait for the
    // disk: set_config(..., true) relaxes it for this transaction only (never for the pooled connection),
    // inside the one statement, so that it costs one round trip.
    private static final String UPSERT = "INSERT INTO ces_nodes (id, name, ip_address, total_enrollment, is_master, "
            + "custom_fields, last_heartbeat, created_at, updated_at) "
            + "SELECT r.id, r.name, r.ip, COALESCE(r.total, 0), :master, COALESCE(CAST(r.custom AS jsonb), '{}'::jsonb), "
            + ":now, :now, :now "
            + "FROM unnest(CAST(:ids AS text[]), CAST(:names AS text[]), CAST(:ips AS text[]), CAST(:totals AS bigint[]), "
            + "CAST(:customs AS text[])) AS r(id, name, ip, total, custom), "
            + "(SELECT set_config('synchronous_commit', :commit, true)) AS commit_mode "
            + "ON CONFLICT ((lower(id))) DO UPDATE SET name = EXCLUDED.name, ip_address = EXCLUDED.ip_address, "
            + "<optional>last_heartbeat = EXCLUDED.last_heartbeat, updated_at = EXCLUDED.updated_at, "
            + "is_master = EXCLUDED.is_master";
    /**
     * The upsert for reports that carry these optional fields: the SET clause can only read the inserted
     * row, where an omitted field already holds its default, so what a report left out decides which
     * statement it goes through (one per combination, four at most; the bundled reporter always sends both).
     */
    private static final Map<List<Boolean>, String> UPSERTS = Map.of(
            List.of(true, true), UPSERT.replace("<optional>",
                    "total_enrollment = EXCLUDED.total_enrollment, custom_fields = EXCLUDED.custom_fields, "),
            List.of(true, false), UPSERT.replace("<optional>", "total_enrollment = EXCLUDED.total_enrollment, "),
            List.of(false, true), UPSERT.replace("<optional>", "custom_fields = EXCLUDED.custom_fields, "),
            List.of(false, false), UPSERT.replace("<optional>", ""));

    private final Jdbi jdbi;

    public CesNodeStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Records a slave's report that carries no id, stamped {@code now}, onto the node last heard under
     * that name (a new node with a generated id when there is none). Returns the node's id. Reports
     * with an id go through {@link #recordReports}.
     */
    public String recordNamedReport(NodeReport report, Instant now) {
        return jdbi.inTransaction(h -> {
            // Two id-less reports of one new name must not both insert: serialize them on the name.
            h.createQuery("SELECT true FROM pg_advisory_xact_lock(hashtext('ces_nodes:' || :name))")
                    .bind("name", report.name()).mapTo(Boolean.class).one();
            Optional<String> known = h.createQuery("SELECT id FROM ces_nodes WHERE name = :name AND NOT is_master "
                            + "ORDER BY last_heartbeat DESC LIMIT 1")
                    .bind("name", report.name()).mapTo(String.class).findOne();
            String id = known.orElseGet(() -> unusedId(h));
            upsert(h, List.of(report.withId(id)), false, now);
            return id;
        });
    }

    /**
     * Records reports that all carry an id, at most one per id (ignoring case), stamped {@code now}: in one
     * statement, or one per combination of omitted fields, in one transaction.
     */
    public void recordReports(List<NodeReport> reports, Instant now) {
        if (reports.isEmpty()) {
            return;
        }
        Map<List<Boolean>, List<NodeReport>> byFields = reports.stream().collect(Collectors.groupingBy(
                r -> List.of(r.totalEnrollment() != null, r.customFieldsJson() != null), LinkedHashMap::new, Collectors.toList()));
        if (byFields.size() == 1) {
            jdbi.useHandle(h -> upsert(h, reports, false, now));
        } else {
            jdbi.useTransaction(h -> byFields.values().forEach(group -> upsert(h, group, false, now)));
        }
    }

    /**
     * Registers (or refreshes) this master's own row; a master id configured before is forgotten, and so is
     * a row of its id in another case (a slave's report stored before ids compared case-insensitively).
     */
    public void registerMaster(NodeIdentity self, String customFieldsJson, long totalEnrollment, Instant now) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM ces_nodes WHERE id <> :id AND (is_master OR lower(id) = lower(:id))")
                    .bind("id", self.id()).execute();
            upsert(h, List.of(new NodeReport(self.id(), self.name(), self.ipAddress(), totalEnrollment, customFieldsJson)),
                    true, now);
        });
    }

    /**
     * Every node, the master first, then by name. Sorted here: sorting 10,000 wide rows took PostgreSQL
     * twice as long as reading them.
     */
    public List<CesNode> list() {
        List<CesNode> all = new ArrayList<>(jdbi.withHandle(h -> h.createQuery(LIST)
                .map(MAPPER).list()));
        all.sort(LISTING_ORDER);
        return all;
    }

    public Optional<CesNode> find(String id) {
        return jdbi.withHandle(h -> h.createQuery(FIND)
                .bind("id", id).map(MAPPER).findOne());
    }

    /** Writes the reports (each with its id, at most one per id); the master's own row waits for the disk. */
    private static void upsert(Handle h, List<NodeReport> reports, boolean master, Instant now) {
        h.createUpdate(UPSERTS.get(List.of(reports.get(0).totalEnrollment() != null, reports.get(0).customFieldsJson() != null)))
                .bind("ids", reports.stream().map(NodeReport::id).toArray(String[]::new))
                .bind("names", reports.stream().map(NodeReport::name).toArray(String[]::new))
                .bind("ips", reports.stream().map(NodeReport::ipAddress).toArray(String[]::new))
                .bind("totals", reports.stream().map(NodeReport::totalEnrollment).toArray(Long[]::new))
                .bind("customs", reports.stream().map(NodeReport::customFieldsJson).toArray(String[]::new))
                .bind("master", master)
                .bind("now", now)
                .bind("commit", master ? "on" : "off")
                .execute();
    }

    private static String unusedId(Handle h) {
        while (true) {
            String candidate = NodeIdentity.randomId();
            boolean taken = h.createQuery("SELECT EXISTS (SELECT 1 FROM ces_nodes WHERE lower(id) = :id)")
                    .bind("id", candidate).mapTo(Boolean.class).one();
            if (!taken) {
                return candidate;
            }
        }
    }

}
