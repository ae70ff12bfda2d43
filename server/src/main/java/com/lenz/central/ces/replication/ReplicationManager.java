package com.lenz.central.ces.replication;

import com.lenz.central.ces.CesConfig;
import com.lenz.central.ces.NodeIdentity;
import com.lenz.central.ces.replication.PublicationStore.Publication;
import com.lenz.central.ces.replication.SubscriptionStore.Subscription;
import com.lenz.central.ces.replication.WalSettings.Setting;
import com.lenz.central.http.ApiException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up and reports CES logical replication (README, "CES replication"). A master publishes {@code enrolled_face},
 * {@code face_image} (Lenz database) and {@code keyspaces}, {@code merged_vectors} (Fremis database) and
 * needs {@code wal_level=logical}; a slave subscribes to both, each subscription on a slot of its own on
 * the master ({@code <subscription>_<node id>}), so that any number of slaves can share one master.
 * Every step checks before it acts, so a setup repeated (or retried after a failure) finishes the job
 * and changes nothing that is already right.
 */
public class ReplicationManager {

    static final String SETUP_FAILED = "failed to setup replication";
    static final String STATUS_FAILED = "failed to get replication status";
    private static final String APPLICATION_NAME = "lenz-central-replication";
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationManager.class);

    /** One replicated database: what the master publishes and how the slave subscribes to it. */
    record Channel(String database, String publication, List<String> tables, String subscription,
                   String masterField, String storedMaster) {

        /** Slot names allow [a-z0-9_] and 63 characters; a configured node id may hold anything. */
        String slotName(String nodeId) {
            String name = (subscription + "_" + nodeId).toLowerCase().replaceAll("[^a-z0-9_]", "_");
            return name.length() > 63 ? name.substring(0, 63) : name;
        }
    }

    static final Channel LENZ = new Channel("Lenz", "lenz_ces_pub", List.of("enrolled_face", "face_image"),
            "lenz_ces_sub", "lenz_master", StoredConnections.LENZ_MASTER);
    static final Channel FREMIS = new Channel("Fremis", "fremis_ces_pub", List.of("keyspaces", "merged_vectors"),
            "fremis_ces_sub", "fremis_master", StoredConnections.FREMIS_MASTER);
    private static final List<Channel> CHANNELS = List.of(LENZ, FREMIS);

    private final CesConfig ces;
    private final NodeIdentity node;
    private final Jdbi lenz;
    private final Jdbi fremis;
    private final boolean fremisConfigured;
    private final StoredConnections stored;
    private final ReplicationClients clients;

    /**
     * @param fremisConfigured whether FREMIS_DATABASE_URL is set; when it is not, the last
     *                         {@code fremis_local} given to setup is this node's Fremis database
     */
    public ReplicationManager(CesConfig ces, NodeIdentity node, Jdbi lenz, Jdbi fremis, boolean fremisConfigured,
                              StoredConnections stored, ReplicationClients clients) {
        this.ces = ces;
        this.node = node;
        this.lenz = lenz;
        this.fremis = fremis;
        this.fremisConfigured = fremisConfigured;
        this.stored = stored;
        this.clients = clients;
    }

    public Map<String, Object> status() {
        requireEnabled(STATUS_FAILED);
        return ces.isMaster() ? masterStatus() : slaveStatus();
    }

    /** One setup at a time: two racing ones would both find a publication or slot missing. */
    public synchronized Map<String, Object> setup(SetupRequest request) {
        requireEnabled(SETUP_FAILED);
        SetupRequest body = request == null ? SetupRequest.EMPTY : request;
        Optional<ConnectionDetails> fremisLocal = Optional.ofNullable(body.fremisLocal())
                .map(c -> c.validated("fremis_local"));
        return ces.isMaster() ? masterSetup(fremisLocal) : slaveSetup(body, fremisLocal);
    }

    private void requireEnabled(String message) {
        if (!ces.isEnabled()) {
            throw ApiException.conflict(message, "CES is not enabled");
        }
    }

    // ---- master ---------------------------------------------------------------------------------------

    private Map<String, Object> masterSetup(Optional<ConnectionDetails> fremisLocal) {
        Jdbi fremisDb = fremisDatabase(fremisLocal, SETUP_FAILED);
        Map<Channel, Jdbi> databases = Map.of(LENZ, lenz, FREMIS, fremisDb);
        for (Channel channel : CHANNELS) {
            Jdbi db = databases.get(channel);
            requireTables(db, channel, "this master");
            db.withHandle(h -> PublicationStore.firstWithoutReplicaIdentity(h, channel.tables())).ifPresent(table -> {
                throw ApiException.conflict(SETUP_FAILED, "table " + table + " in the " + channel.database()
                        + " database has no primary key: published, its UPDATEs and DELETEs would fail; add one "
                        + "(or ALTER TABLE " + table + " REPLICA IDENTITY FULL)");
            });
        }
        List<Setting> before = lenz.withHandle(WalSettings::read);
        List<String> changed = new ArrayList<>(alterSystem(lenz));
        // The Fremis database may live on another cluster: it needs the same settings (a no-op if not).
        changed.addAll(alterSystem(fremisDb));
        boolean restartRequired = anyRestartPending(lenz) || anyRestartPending(fremisDb);

        List<Map<String, Object>> publications = new ArrayList<>();
        for (Channel channel : CHANNELS) {
            publications.add(ensurePublication(databases.get(channel), channel));
        }
        fremisLocal.ifPresent(c -> stored.save(StoredConnections.FREMIS_LOCAL, c));

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mode", "master");
        for (Setting s : before) {
            Map<String, Object> setting = new LinkedHashMap<>();
            setting.put("current", s.currentValue());
            setting.put("required", s.requiredValue());
            setting.put("changed", changed.contains(s.name()));
            result.put(s.name(), setting);
        }
        result.put("publications", publications);
        result.put("restart_required", restartRequired);
        if (!changed.isEmpty()) {
            LOG.info("replication setup changed {}; restart required: {}", changed, restartRequired);
        }
        return result;
    }

    private List<String> alterSystem(Jdbi db) {
        return privileged("ALTER SYSTEM", "superuser, or ALTER SYSTEM on the parameters wal_level, "
                + "max_replication_slots and max_wal_senders (PostgreSQL 15+)", () -> db.withHandle(WalSettings::apply));
    }

    private static boolean anyRestartPending(Jdbi db) {
        return db.withHandle(WalSettings::read).stream().anyMatch(Setting::restartPending);
    }

    private Map<String, Object> ensurePublication(Jdbi db, Channel channel) {
        Optional<Publication> existing = db.withHandle(h -> PublicationStore.find(h, channel.publication()));
        boolean created = false;
        boolean updated = false;
        if (existing.isEmpty()) {
            privileged("CREATE PUBLICATION", "CREATE on the database and ownership of the published tables",
                    () -> db.useHandle(h -> PublicationStore.create(h, channel.publication(), channel.tables())));
            created = true;
            LOG.info("created publication {} in the {} database", channel.publication(), channel.database());
        } else if (existing.get().allTables() || !sorted(existing.get().tables()).equals(sorted(channel.tables()))) {
            privileged("ALTER PUBLICATION", "ownership of the publication and of the published tables",
                    () -> db.useHandle(h -> PublicationStore.setTables(h, existing.get(), channel.tables())));
            updated = true;
            LOG.info("set the tables of publication {} to {}", channel.publication(), channel.tables());
        }
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("name", channel.publication());
        item.put("exists", existing.isPresent());
        item.put("created", created);
        item.put("updated", updated);
        item.put("tables", db.withHandle(h -> PublicationStore.find(h, channel.publication()))
                .map(Publication::tables).orElse(List.of()));
        return item;
    }

    private Map<String, Object> masterStatus() {
        Jdbi fremisDb = fremisDatabase(Optional.empty(), STATUS_FAILED);
        List<Setting> lenzSettings = lenz.withHandle(WalSettings::read);
        List<Setting> fremisSettings = fremisDb.withHandle(WalSettings::read);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mode", "master");
        result.put("is_configured", false);
        boolean configured = true;
        boolean restartRequired = false;
        for (int i = 0; i < lenzSettings.size(); i++) {
            Setting s = lenzSettings.get(i);
            boolean isSet = s.isSet() && fremisSettings.get(i).isSet();
            configured &= isSet;
            restartRequired |= s.restartPending() || fremisSettings.get(i).restartPending();
            Map<String, Object> setting = new LinkedHashMap<>();
            setting.put("current", s.currentValue());
            setting.put("required", s.requiredValue());
            setting.put("is_set", isSet);
            result.put(s.name(), setting);
        }
        List<Map<String, Object>> publications = new ArrayList<>();
        for (Channel channel : CHANNELS) {
            Jdbi db = channel == LENZ ? lenz : fremisDb;
            Optional<Publication> publication = db.withHandle(h -> PublicationStore.find(h, channel.publication()));
            configured &= publication.map(p -> sorted(p.tables()).equals(sorted(channel.tables()))).orElse(false);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", channel.publication());
            item.put("exists", publication.isPresent());
            item.put("tables", publication.map(Publication::tables).orElse(List.of()));
            publications.add(item);
        }
        result.put("is_configured", configured);
        result.put("publications", publications);
        result.put("restart_required", restartRequired);
        result.put("replication_clients", clients.list());
        return result;
    }

    // ---- slave ----------------------------------------------------------------------------------------

    private Map<String, Object> slaveSetup(SetupRequest body, Optional<ConnectionDetails> fremisLocal) {
        Map<Channel, ConnectionDetails> masters = new LinkedHashMap<>();
        masters.put(LENZ, required(body.lenzMaster(), LENZ.masterField()));
        masters.put(FREMIS, required(body.fremisMaster(), FREMIS.masterField()));
        Jdbi fremisDb = fremisDatabase(fremisLocal, SETUP_FAILED);
        Map<Channel, Jdbi> locals = Map.of(LENZ, lenz, FREMIS, fremisDb);

        Map<Channel, Optional<Subscription>> existing = new LinkedHashMap<>();
        for (Channel channel : CHANNELS) {
            Jdbi local = locals.get(channel);
            requireTables(local, channel, "this slave");
            existing.put(channel, local.withHandle(h -> SubscriptionStore.find(h, channel.subscription())));
        }
        List<Channel> missing = CHANNELS.stream().filter(c -> existing.get(c).isEmpty()).toList();
        for (Channel channel : missing) {
            locals.get(channel).withHandle(SubscriptionStore::missingPrivilege).ifPresent(needed -> {
                throw ApiException.conflict(SETUP_FAILED, "insufficient privilege: CREATE SUBSCRIPTION in this node's "
                        + channel.database() + " database needs " + needed);
            });
        }
        // Every master is reached and checked before anything is made: a refusal leaves nothing behind.
        Map<Channel, MasterDatabase> opened = new LinkedHashMap<>();
        try {
            for (Channel channel : missing) {
                MasterDatabase master = MasterDatabase.connect(channel.masterField(), masters.get(channel), 5);
                opened.put(channel, master);
                checkMaster(master, channel);
            }
            for (Channel channel : missing) {
                subscribe(locals.get(channel), opened.get(channel), masters.get(channel), channel);
            }
        } finally {
            opened.values().forEach(MasterDatabase::close);
        }
        for (Channel channel : CHANNELS) {
            if (missing.contains(channel) || stored.load(channel.storedMaster()).isEmpty()) {
                stored.save(channel.storedMaster(), masters.get(channel));
            }
        }
        fremisLocal.ifPresent(c -> stored.save(StoredConnections.FREMIS_LOCAL, c));

        List<Map<String, Object>> subscriptions = new ArrayList<>();
        for (Channel channel : CHANNELS) {
            Optional<Subscription> now = locals.get(channel).withHandle(h -> SubscriptionStore.find(h, channel.subscription()));
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", channel.subscription());
            item.put("exists", existing.get(channel).isPresent());
            item.put("created", missing.contains(channel));
            item.put("enabled", now.map(Subscription::enabled).orElse(false));
            item.put("publication", publicationOf(now, channel));
            item.put("slot_name", now.map(Subscription::slotName).orElse(null));
            subscriptions.add(item);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mode", "slave");
        result.put("subscriptions", subscriptions);
        result.put("restart_required", false);
        return result;
    }

    private static ConnectionDetails required(ConnectionDetails details, String field) {
        if (details == null) {
            throw ApiException.badRequest(field + " is required on a slave");
        }
        return details.validated(field);
    }

    private static void checkMaster(MasterDatabase master, Channel channel) {
        String where = channel.masterField() + " (" + master.describe() + ")";
        remote(channel, () -> {
            String walLevel = master.walLevel();
            if (!"logical".equals(walLevel)) {
                throw ApiException.conflict(SETUP_FAILED, where + " has wal_level=" + walLevel
                        + ", not logical: run setup on the master and restart its PostgreSQL");
            }
            if (!master.publicationExists(channel.publication())) {
                throw ApiException.conflict(SETUP_FAILED, "publication " + channel.publication() + " does not exist on "
                        + where + ": run setup on the master first");
            }
            if (!master.mayReplicate()) {
                throw ApiException.conflict(SETUP_FAILED, "insufficient privilege: the role of " + where
                        + " needs the REPLICATION attribute (ALTER ROLE ... REPLICATION) or superuser");
            }
            master.firstUnreadableTable(channel.publication()).ifPresent(table -> {
                throw ApiException.conflict(SETUP_FAILED, "insufficient privilege: the role of " + where
                        + " needs SELECT on table " + table);
            });
            return null;
        });
    }

    /**
     * This node's slot on the master, then the subscription on it. A slot left by an earlier attempt (no
     * subscription here, nobody streaming from it) is made anew so the copy starts clean; one in use
     * belongs to another node with the same id.
     */
    private void subscribe(Jdbi local, MasterDatabase master, ConnectionDetails details, Channel channel) {
        String slot = channel.slotName(node.id());
        String where = channel.masterField() + " (" + master.describe() + ")";
        remote(channel, () -> {
            Optional<Boolean> active = master.slotActive(slot);
            if (active.orElse(false)) {
                throw ApiException.conflict(SETUP_FAILED, "replication slot " + slot + " on " + where
                        + " is in use by another subscriber: is another node configured with node id " + node.id() + "?");
            }
            if (active.isPresent()) {
                master.dropSlot(slot);
            }
            master.createSlot(slot);
            return null;
        });
        try {
            local.useHandle(h -> SubscriptionStore.create(h.getConnection(), channel.subscription(), details,
                    channel.publication(), slot));
        } catch (SQLException e) {
            try {
                master.dropSlot(slot);
            } catch (RuntimeException ignored) {
                // a retry finds the slot unused and makes it anew
            }
            if ("42501".equals(e.getSQLState())) {
                throw ApiException.conflict(SETUP_FAILED, "insufficient privilege: CREATE SUBSCRIPTION "
                        + channel.subscription() + ": " + PostgresReason.of(e));
            }
            // Only PostgreSQL's own message: the exception (and its statement, which holds the password) is dropped here.
            throw new ApiException(502, SETUP_FAILED, "CREATE SUBSCRIPTION " + channel.subscription() + " to " + where
                    + " failed: " + PostgresReason.of(e));
        }
        LOG.info("created subscription {} to {} on slot {}", channel.subscription(), where, slot);
    }

    private Map<String, Object> slaveStatus() {
        Jdbi fremisDb = fremisDatabase(Optional.empty(), STATUS_FAILED);
        boolean configured = true;
        List<Map<String, Object>> subscriptions = new ArrayList<>();
        for (Channel channel : CHANNELS) {
            Jdbi local = channel == LENZ ? lenz : fremisDb;
            Optional<Subscription> sub = local.withHandle(h -> SubscriptionStore.find(h, channel.subscription()));
            configured &= sub.map(Subscription::enabled).orElse(false);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", channel.subscription());
            item.put("exists", sub.isPresent());
            item.put("enabled", sub.map(Subscription::enabled).orElse(false));
            item.put("publication", publicationOf(sub, channel));
            item.put("slot_name", sub.map(Subscription::slotName).orElse(null));
            item.put("state", sub.map(s -> local.withHandle(h -> SubscriptionStore.state(h, s))).orElse("missing"));
            item.put("lag_bytes", sub.flatMap(s -> lagBytes(channel, s)).orElse(null));
            subscriptions.add(item);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mode", "slave");
        result.put("is_configured", configured);
        result.put("subscriptions", subscriptions);
        return result;
    }

    /** Measured where it is known, on the master: its WAL position minus what this slot confirmed. */
    private Optional<Long> lagBytes(Channel channel, Subscription subscription) {
        Optional<ConnectionDetails> master = stored.load(channel.storedMaster());
        if (master.isEmpty() || subscription.slotName() == null) {
            return Optional.empty();
        }
        try (MasterDatabase db = MasterDatabase.connect(channel.masterField(), master.get(), 2)) {
            return db.lagBytes(subscription.slotName());
        } catch (RuntimeException unreachable) {
            return Optional.empty();
        }
    }

    private static String publicationOf(Optional<Subscription> sub, Channel channel) {
        return sub.map(s -> s.publications().isEmpty() ? null : s.publications().get(0)).orElse(channel.publication());
    }

    // ---- shared ---------------------------------------------------------------------------------------

    /**
     * This node's Fremis database: the {@code fremis_local} given now; else FREMIS_DATABASE_URL when set;
     * else the last {@code fremis_local} given to setup; else the default (database fremis next to Lenz).
     */
    private Jdbi fremisDatabase(Optional<ConnectionDetails> given, String message) {
        Optional<ConnectionDetails> chosen = given.isPresent() || fremisConfigured
                ? given : stored.load(StoredConnections.FREMIS_LOCAL);
        if (chosen.isEmpty()) {
            return fremis;
        }
        ConnectionDetails details = chosen.get();
        return Jdbi.create(() -> {
            try {
                return details.connect(APPLICATION_NAME, 5);
            } catch (SQLException e) {
                throw new ApiException(502, message, "cannot connect to fremis_local (" + details.describe() + "): "
                        + PostgresReason.of(e));
            }
        });
    }

    private static void requireTables(Jdbi db, Channel channel, String node) {
        db.withHandle(h -> PublicationStore.firstMissingTable(h, channel.tables())).ifPresent(table -> {
            throw ApiException.conflict(SETUP_FAILED, "table " + table + " does not exist in the " + channel.database()
                    + " database of " + node);
        });
    }

    private static void privileged(String action, String needed, Runnable step) {
        privileged(action, needed, () -> {
            step.run();
            return null;
        });
    }

    /** Runs a local step; a privilege PostgreSQL refuses becomes a 409 naming what is needed. */
    private static <T> T privileged(String action, String needed, Supplier<T> step) {
        try {
            return step.get();
        } catch (JdbiException e) {
            SQLException sql = sqlCause(e);
            if (sql != null && "42501".equals(sql.getSQLState())) {
                throw ApiException.conflict(SETUP_FAILED, "insufficient privilege: " + action + " needs " + needed
                        + " (PostgreSQL: " + PostgresReason.of(sql) + ")");
            }
            throw e;
        }
    }

    /** Runs a step on a master; whatever the master refuses becomes a 409 (privileges, limits) or a 502. */
    private static <T> T remote(Channel channel, Supplier<T> step) {
        try {
            return step.get();
        } catch (JdbiException e) {
            SQLException sql = sqlCause(e);
            String reason = sql == null ? e.getClass().getSimpleName() : PostgresReason.of(sql);
            String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
            if (state.equals("42501")) {
                throw ApiException.conflict(SETUP_FAILED, "insufficient privilege on " + channel.masterField() + ": " + reason);
            }
            if (state.equals("53400")) {
                throw ApiException.conflict(SETUP_FAILED, channel.masterField() + ": " + reason
                        + " (raise max_replication_slots on the master)");
            }
            throw new ApiException(502, SETUP_FAILED, channel.masterField() + " failed: " + reason);
        }
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static List<String> sorted(List<String> tables) {
        return tables.stream().sorted().toList();
    }
}
