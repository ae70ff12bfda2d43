package com.lenz.central.ces.replication.core;

import static com.lenz.central.ces.replication.core.ReplicationFailures.SETUP_FAILED;
import static com.lenz.central.ces.replication.core.ReplicationFailures.remote;

import com.lenz.central.ces.core.CesMode;
import com.lenz.central.ces.core.NodeIdentity;
import com.lenz.central.ces.replication.db.MasterDatabase;
import com.lenz.central.ces.replication.db.PostgresReason;
import com.lenz.central.ces.replication.db.PublicationStore;
import com.lenz.central.ces.replication.db.SubscriptionStore.Subscription;
import com.lenz.central.ces.replication.db.SubscriptionStore;
import com.lenz.central.core.DomainException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Setup on a slave: a subscription to each of the master's publications, each on a slot of its own on the
 * master ({@code <subscription>_<node id>}), so that any number of slaves can share one master. Every
 * master is reached and checked before anything is made: a refusal leaves nothing behind.
 */
final class SlaveReplicationSetup {

    private static final Logger LOG = LoggerFactory.getLogger(SlaveReplicationSetup.class);

    private final NodeIdentity node;
    private final LocalDatabases databases;
    private final StoredConnections stored;

    SlaveReplicationSetup(NodeIdentity node, LocalDatabases databases, StoredConnections stored) {
        this.node = node;
        this.databases = databases;
        this.stored = stored;
    }

    SlaveSetupReport run(ConnectionDetails lenzMaster, ConnectionDetails fremisMaster,
                         Optional<ConnectionDetails> fremisLocal) {
        Map<Channel, ConnectionDetails> masters = new LinkedHashMap<>();
        masters.put(Channel.LENZ, required(lenzMaster, Channel.LENZ.masterField()));
        masters.put(Channel.FREMIS, required(fremisMaster, Channel.FREMIS.masterField()));
        Jdbi fremisDb = databases.fremis(fremisLocal, SETUP_FAILED);
        Map<Channel, SubscriptionStore> locals = new LinkedHashMap<>();

        Map<Channel, Optional<Subscription>> existing = new LinkedHashMap<>();
        for (Channel channel : Channel.ALL) {
            Jdbi local = LocalDatabases.of(channel, databases.lenz(), fremisDb);
            ReplicationTables.require(new PublicationStore(local), channel, "this slave");
            SubscriptionStore subscriptions = new SubscriptionStore(local);
            locals.put(channel, subscriptions);
            existing.put(channel, subscriptions.find(channel.subscription()));
        }
        List<Channel> missing = Channel.ALL.stream().filter(c -> existing.get(c).isEmpty()).toList();
        for (Channel channel : missing) {
            locals.get(channel).missingPrivilege().ifPresent(needed -> {
                throw DomainException.conflict(SETUP_FAILED, "insufficient privilege: CREATE SUBSCRIPTION in this node's "
                        + channel.database() + " database needs " + needed);
            });
        }
        Map<Channel, MasterDatabase> opened = new LinkedHashMap<>();
        try {
            for (Channel channel : missing) {
                MasterDatabase master = MasterConnections.open(channel, masters.get(channel), 5);
                opened.put(channel, master);
                checkMaster(master, channel);
            }
            for (Channel channel : missing) {
                subscribe(locals.get(channel), opened.get(channel), masters.get(channel), channel);
            }
        } finally {
            opened.values().forEach(MasterDatabase::close);
        }
        for (Channel channel : Channel.ALL) {
            if (missing.contains(channel) || stored.load(channel.storedMaster()).isEmpty()) {
                stored.save(channel.storedMaster(), masters.get(channel));
            }
        }
        fremisLocal.ifPresent(c -> stored.save(StoredConnections.FREMIS_LOCAL, c));

        List<SlaveSetupReport.Subscription> subscriptions = new ArrayList<>();
        for (Channel channel : Channel.ALL) {
            Optional<Subscription> now = locals.get(channel).find(channel.subscription());
            subscriptions.add(new SlaveSetupReport.Subscription(channel.subscription(), existing.get(channel).isPresent(),
                    missing.contains(channel), now.map(Subscription::enabled).orElse(false),
                    ReplicationStatus.publicationOf(now, channel), now.map(Subscription::slotName).orElse(null)));
        }
        return new SlaveSetupReport(CesMode.SLAVE, subscriptions, false);
    }

    private static ConnectionDetails required(ConnectionDetails details, String field) {
        if (details == null) {
            throw DomainException.invalid(field + " is required on a slave");
        }
        return details.validated(field);
    }

    private static void checkMaster(MasterDatabase master, Channel channel) {
        String where = channel.masterField() + " (" + master.describe() + ")";
        remote(channel, () -> {
            String walLevel = master.walLevel();
            if (!"logical".equals(walLevel)) {
                throw DomainException.conflict(SETUP_FAILED, where + " has wal_level=" + walLevel
                        + ", not logical: run setup on the master and restart its PostgreSQL");
            }
            if (!master.publicationExists(channel.publication())) {
                throw DomainException.conflict(SETUP_FAILED, "publication " + channel.publication() + " does not exist on "
                        + where + ": run setup on the master first");
            }
            if (!master.mayReplicate()) {
                throw DomainException.conflict(SETUP_FAILED, "insufficient privilege: the role of " + where
                        + " needs the REPLICATION attribute (ALTER ROLE ... REPLICATION) or superuser");
            }
            master.firstUnreadableTable(channel.publication()).ifPresent(table -> {
                throw DomainException.conflict(SETUP_FAILED, "insufficient privilege: the role of " + where
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
    private void subscribe(SubscriptionStore local, MasterDatabase master, ConnectionDetails details, Channel channel) {
        String slot = channel.slotName(node.id());
        String where = channel.masterField() + " (" + master.describe() + ")";
        // PostgreSQL 17+ on both sides: a failover slot, which the master cluster's standbys keep in sync.
        boolean failover = local.supportsFailover() && remote(channel, master::supportsFailoverSlots);
        remote(channel, () -> {
            Optional<Boolean> active = master.slotActive(slot);
            if (active.orElse(false)) {
                throw DomainException.conflict(SETUP_FAILED, "replication slot " + slot + " on " + where
                        + " is in use by another subscriber: is another node configured with node id " + node.id() + "?");
            }
            if (active.isPresent()) {
                master.dropSlot(slot);
            }
            master.createSlot(slot, failover);
            return null;
        });
        try {
            local.create(channel.subscription(), details, channel.publication(), slot, failover);
        } catch (SQLException e) {
            try {
                master.dropSlot(slot);
            } catch (RuntimeException ignored) {
                // a retry finds the slot unused and makes it anew
            }
            if ("42501".equals(e.getSQLState())) {
                throw DomainException.conflict(SETUP_FAILED, "insufficient privilege: CREATE SUBSCRIPTION "
                        + channel.subscription() + ": " + PostgresReason.of(e));
            }
            // Only PostgreSQL's own message: the exception (and its statement, which holds the password) is dropped here.
            throw DomainException.upstreamFailed(SETUP_FAILED, "CREATE SUBSCRIPTION " + channel.subscription() + " to "
                    + where + " failed: " + PostgresReason.of(e));
        }
        LOG.info("created subscription {} to {} on slot {} (failover slot: {})", channel.subscription(), where, slot, failover);
    }
}
