package com.lenz.central.ces.replication.core;

import static com.lenz.central.ces.replication.core.ReplicationFailures.SETUP_FAILED;
import static com.lenz.central.ces.replication.core.ReplicationFailures.privileged;

import com.lenz.central.ces.core.CesMode;
import com.lenz.central.ces.replication.db.PublicationStore.Publication;
import com.lenz.central.ces.replication.db.PublicationStore;
import com.lenz.central.ces.replication.db.WalSettings.Setting;
import com.lenz.central.ces.replication.db.WalSettings;
import com.lenz.central.core.DomainException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Setup on a master: {@code wal_level=logical} and enough slots and WAL senders on both databases' clusters
 * (ALTER SYSTEM; they apply after a restart), and the two publications with exactly their tables.
 */
final class MasterReplicationSetup {

    private static final Logger LOG = LoggerFactory.getLogger(MasterReplicationSetup.class);

    private final LocalDatabases databases;
    private final StoredConnections stored;

    MasterReplicationSetup(LocalDatabases databases, StoredConnections stored) {
        this.databases = databases;
        this.stored = stored;
    }

    MasterSetupReport run(Optional<ConnectionDetails> fremisLocal) {
        Jdbi lenz = databases.lenz();
        Jdbi fremisDb = databases.fremis(fremisLocal, SETUP_FAILED);
        for (Channel channel : Channel.ALL) {
            PublicationStore publications = new PublicationStore(LocalDatabases.of(channel, lenz, fremisDb));
            ReplicationTables.require(publications, channel, "this master");
            publications.firstWithoutReplicaIdentity(channel.tables()).ifPresent(table -> {
                throw DomainException.conflict(SETUP_FAILED, "table " + table + " in the " + channel.database()
                        + " database has no primary key: published, its UPDATEs and DELETEs would fail; add one "
                        + "(or ALTER TABLE " + table + " REPLICA IDENTITY FULL)");
            });
        }
        List<Setting> before = lenz.withHandle(WalSettings::read);
        List<String> changed = new ArrayList<>(alterSystem(lenz));
        // The Fremis database may live on another cluster: it needs the same settings (a no-op if not).
        changed.addAll(alterSystem(fremisDb));
        boolean restartRequired = anyRestartPending(lenz) || anyRestartPending(fremisDb);

        List<MasterSetupReport.Publication> publications = new ArrayList<>();
        for (Channel channel : Channel.ALL) {
            publications.add(ensurePublication(new PublicationStore(LocalDatabases.of(channel, lenz, fremisDb)), channel));
        }
        fremisLocal.ifPresent(c -> stored.save(StoredConnections.FREMIS_LOCAL, c));

        Map<String, WalSettingReport.Change> settings = before.stream().collect(Collectors.toMap(Setting::name,
                s -> WalSettingReport.Change.of(s, changed.contains(s.name()))));
        if (!changed.isEmpty()) {
            LOG.info("replication setup changed {}; restart required: {}", changed, restartRequired);
        }
        return new MasterSetupReport(CesMode.MASTER, settings.get(WalSettings.WAL_LEVEL),
                settings.get(WalSettings.MAX_REPLICATION_SLOTS), settings.get(WalSettings.MAX_WAL_SENDERS),
                publications, restartRequired);
    }

    private static List<String> alterSystem(Jdbi db) {
        return privileged("ALTER SYSTEM", "superuser, or ALTER SYSTEM on the parameters wal_level, "
                + "max_replication_slots and max_wal_senders (PostgreSQL 15+)", () -> db.withHandle(WalSettings::apply));
    }

    private static boolean anyRestartPending(Jdbi db) {
        return db.withHandle(WalSettings::read).stream().anyMatch(Setting::restartPending);
    }

    private static MasterSetupReport.Publication ensurePublication(PublicationStore store, Channel channel) {
        Optional<Publication> existing = store.find(channel.publication());
        boolean created = false;
        boolean updated = false;
        if (existing.isEmpty()) {
            privileged("CREATE PUBLICATION", "CREATE on the database and ownership of the published tables",
                    () -> store.create(channel.publication(), channel.tables()));
            created = true;
            LOG.info("created publication {} in the {} database", channel.publication(), channel.database());
        } else if (existing.get().allTables() || !channel.publishesExactly(existing.get().tables())) {
            privileged("ALTER PUBLICATION", "ownership of the publication and of the published tables",
                    () -> store.setTables(existing.get(), channel.tables()));
            updated = true;
            LOG.info("set the tables of publication {} to {}", channel.publication(), channel.tables());
        }
        return new MasterSetupReport.Publication(channel.publication(), existing.isPresent(), created, updated,
                store.find(channel.publication()).map(Publication::tables).orElse(List.of()));
    }

}
