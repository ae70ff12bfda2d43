package com.lenz.central.workflow.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import com.lenz.central.workflow.core.Workflow;
import com.lenz.central.workflow.core.WorkflowNode;
import com.lenz.central.workflow.core.TriggerNode;
import com.lenz.central.workflow.core.WorkflowValidator;

/** The {@code workflows} table: the trigger and nodes are kept as the JSON the API shows. */
public class WorkflowStore {

    private static final String COLUMNS = "id, name, description, is_active, trigger_type, trigger_config, nodes, created_at, updated_at, max_concurrent";
    private static final TypeReference<List<WorkflowNode>> NODES = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final Jdbi jdbi;
    private final ObjectMapper json;
    /** Workflows read by {@link #findRecent}, and when (System.nanoTime); forgotten by every write here. */
    private final java.util.concurrent.ConcurrentHashMap<String, Recent> recent = new java.util.concurrent.ConcurrentHashMap<>();
    /** Counts writes (twice each: before and after); a read that overlapped one is not kept. */
    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
    private static final int MAX_RECENT = 10_000;

    private record Recent(Workflow workflow, long readAt) {
    }

    public WorkflowStore(Jdbi jdbi, ObjectMapper json) {
        this.jdbi = jdbi;
        this.json = json;
    }

    /**
     * As {@link #find}, answered from memory when this method read the workflow less than {@code maxAge} ago:
     * a webhook called hundreds of times a second reads its workflow a few times a second. A change made
     * through this server is seen at once; one made through another server sharing the database within
     * {@code maxAge}.
     */
    public Optional<Workflow> findRecent(String id, java.time.Duration maxAge) {
        long now = System.nanoTime();
        Recent known = recent.get(id);
        if (known != null && now - known.readAt() < maxAge.toNanos()) {
            return Optional.of(known.workflow());
        }
        long before = writes.get();
        Optional<Workflow> found = find(id);
        if (found.isEmpty()) {
            recent.remove(id);
            return found;
        }
        if (recent.size() >= MAX_RECENT) {
            recent.clear();
        }
        // Kept only when no write overlapped the read (checked atomically with the write's own forgetting).
        recent.compute(id, (key, old) -> writes.get() == before ? new Recent(found.get(), now) : null);
        return found;
    }

    /** Runs a write, forgetting what {@link #findRecent} kept of workflow {@code id}. */
    private <T> T writing(String id, java.util.function.Supplier<T> write) {
        writes.incrementAndGet();
        try {
            return write.get();
        } finally {
            writes.incrementAndGet();
            recent.remove(id);
        }
    }

    public Workflow create(WorkflowValidator.Draft draft, Instant now) {
        return jdbi.withHandle(h -> bindDraft(h.createQuery("INSERT INTO workflows (id, name, description, "
                        + "is_active, trigger_type, trigger_config, nodes, created_at, max_concurrent) VALUES (:id, :name, :description, "
                        + ":active, :triggerType, CAST(:triggerConfig AS jsonb), CAST(:nodes AS jsonb), :now, :maxConcurrent) RETURNING "
                        + COLUMNS), UUID.randomUUID().toString(), draft, now)
                .map((rs, ctx) -> read(rs)).one());
    }

    /** Replaces a workflow whole; empty when there is no such workflow. */
    public Optional<Workflow> replace(String id, WorkflowValidator.Draft draft, Instant now) {
        return writing(id, () -> jdbi.withHandle(h -> bindDraft(h.createQuery("UPDATE workflows SET name = :name, "
                        + "description = :description, is_active = :active, trigger_type = :triggerType, "
                        + "trigger_config = CAST(:triggerConfig AS jsonb), nodes = CAST(:nodes AS jsonb), updated_at = :now, "
                        + "max_concurrent = :maxConcurrent "
                        + "WHERE id = :id RETURNING " + COLUMNS), id, draft, now)
                .map((rs, ctx) -> read(rs)).findOne()));
    }

    private Query bindDraft(Query query, String id, WorkflowValidator.Draft draft, Instant now) {
        return query.bind("id", id).bind("name", draft.name()).bind("description", draft.description())
                .bind("active", draft.isActive()).bind("triggerType", draft.trigger().type())
                .bind("triggerConfig", write(draft.trigger().config())).bind("nodes", write(draft.nodes()))
                .bind("now", now).bind("maxConcurrent", draft.maxConcurrent());
    }

    public Optional<Workflow> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM workflows WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> read(rs)).findOne());
    }

    /** Newest first; {@code search} (may be null) matches part of the name, ignoring case. */
    public List<Workflow> list(String search, long offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM workflows " + MATCHING
                        + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .bind("pattern", pattern(search)).bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> read(rs)).list());
    }

    public long count(String search) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM workflows " + MATCHING)
                .bind("pattern", pattern(search)).mapTo(Long.class).one());
    }

    /** Deletes a workflow and, by cascade, its executions and their node results. */
    public boolean delete(String id) {
        return writing(id, () -> jdbi.withHandle(h -> h.createUpdate("DELETE FROM workflows WHERE id = :id").bind("id", id)
                .execute())) > 0;
    }

    /** All workflows when {@code :pattern} is null, else those whose name matches it. */
    private static final String MATCHING = "WHERE CAST(:pattern AS text) IS NULL OR name ILIKE :pattern ESCAPE '\\'";

    /** The ILIKE pattern of a search (its own {@code %}, {@code _} and {@code \} taken literally); null: none. */
    private static String pattern(String search) {
        if (search == null) {
            return null;
        }
        return "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private Workflow read(ResultSet rs) throws SQLException {
        return new Workflow(rs.getString("id"), rs.getString("name"), rs.getString("description"),
                rs.getBoolean("is_active"),
                new TriggerNode(rs.getString("trigger_type"), parse(rs.getString("trigger_config"), OBJECT)),
                parse(rs.getString("nodes"), NODES),
                instant(rs, "created_at"), instant(rs, "updated_at"), (Integer) rs.getObject("max_concurrent"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write workflow JSON", e);
        }
    }

    private <T> T parse(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored workflow JSON does not parse", e);
        }
    }
}
