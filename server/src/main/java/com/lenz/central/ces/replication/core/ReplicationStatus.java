package com.lenz.central.ces.replication.core;

import static com.lenz.central.ces.replication.core.ReplicationFailures.STATUS_FAILED;

import com.lenz.central.ces.core.CesMode;
import com.lenz.central.ces.replication.db.MasterDatabase;
import com.lenz.central.ces.replication.db.PublicationStore.Publication;
import com.lenz.central.ces.replication.db.PublicationStore;
import com.lenz.central.ces.replication.db.ReplicationSlots;
import com.lenz.central.ces.replication.db.ReplicationClients;
import com.lenz.central.ces.replication.db.StandbySlotCopies;
import com.lenz.central.ces.replication.db.SubscriptionStore.Subscription;
import com.lenz.central.ces.replication.db.SubscriptionStore;
import com.lenz.central.ces.replication.db.WalSettings.Setting;
import com.lenz.central.ces.replication.db.WalSettings;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Reads where replication stands: on a master its settings and publications, on a slave its subscriptions. */
final class ReplicationStatus {

    private final LocalDatabases databases;
    private final StoredConnections stored;
    private final ReplicationClients clients;

    ReplicationStatus(LocalDatabases databases, StoredConnections stored, ReplicationClients clients) {
        this.databases = databases;
        this.stored = stored;
        this.clients = clients;
    }

    MasterStatusReport master() {
        Jdbi lenz = databases.lenz();
        Jdbi fremisDb = databases.fremis(Optional.empty(), STATUS_FAILED);
        List<Setting> lenzSettings = lenz.withHandle(WalSettings::read);
        List<Setting> fremisSettings = fremisDb.withHandle(WalSettings::read);
        boolean configured = true;
        boolean restartRequired = false;
        Map<String, WalSettingReport.State> settings = new HashMap<>();
        for (int i = 0; i < lenzSettings.size(); i++) {
            Setting s = lenzSettings.get(i);
            boolean isSet = s.isSet() && fremisSettings.get(i).isSet();
            configured &= isSet;
            restartRequired |= s.restartPending() || fremisSettings.get(i).restartPending();
            settings.put(s.name(), WalSettingReport.State.of(s, isSet));
        }
        List<MasterStatusReport.Publication> publications = new ArrayList<>();
        for (Channel channel : Channel.ALL) {
            Optional<Publication> publication = new PublicationStore(LocalDatabases.of(channel, lenz, fremisDb))
                    .find(channel.publication());
            configured &= publication.map(p -> channel.publishesExactly(p.tables())).orElse(false);
            publications.add(new MasterStatusReport.Publication(channel.publication(), publication.isPresent(),
                    publication.map(Publication::tables).orElse(List.of())));
        }
        return new MasterStatusReport(CesMode.MASTER, configured, settings.get(WalSettings.WAL_LEVEL),
                settings.get(WalSettings.MAX_REPLICATION_SLOTS), settings.get(WalSettings.MAX_WAL_SENDERS),
                publications, restartRequired, clients.list(), lenz.withHandle(ReplicationSlots::logical),
                lenz.withHandle(ReplicationSlots::standbyGuard));
    }

    SlaveStatusReport slave() {
        Jdbi fremisDb = databases.fremis(Optional.empty(), STATUS_FAILED);
        boolean configured = true;
        List<SlaveStatusReport.Subscription> subscriptions = new ArrayList<>();
        for (Channel channel : Channel.ALL) {
            SubscriptionStore local = new SubscriptionStore(LocalDatabases.of(channel, databases.lenz(), fremisDb));
            Optional<Subscription> sub = local.find(channel.subscription());
            configured &= sub.map(Subscription::enabled).orElse(false);
            List<StandbySlotCopies.Copy> copies = sub.map(s -> standbyCopies(channel, s)).orElse(List.of());
            Boolean synced = copies.stream().anyMatch(c -> Boolean.TRUE.equals(c.synced())) ? Boolean.TRUE
                    : copies.stream().anyMatch(c -> c.synced() != null) ? Boolean.FALSE : null;
            subscriptions.add(new SlaveStatusReport.Subscription(channel.subscription(), sub.isPresent(),
                    sub.map(Subscription::enabled).orElse(false), publicationOf(sub, channel),
                    sub.map(Subscription::slotName).orElse(null),
                    sub.map(local::state).orElse(SubscriptionState.MISSING),
                    sub.flatMap(s -> lagBytes(channel, s)).orElse(null),
                    sub.flatMap(local::failover).orElse(null), copies, synced));
        }
        return new SlaveStatusReport(CesMode.SLAVE, configured, subscriptions);
    }

    /** Measured where it is known, on the master: its WAL position minus what this slot confirmed. */
    private Optional<Long> lagBytes(Channel channel, Subscription subscription) {
        Optional<ConnectionDetails> master = stored.load(channel.storedMaster());
        if (master.isEmpty() || subscription.slotName() == null) {
            return Optional.empty();
        }
        try (MasterDatabase db = MasterDatabase.connect(master.get(), 2)) {
            return db.lagBytes(subscription.slotName());
        } catch (SQLException | RuntimeException unreachable) {
            return Optional.empty();
        }
    }

    /** The standbys among the master's failover hosts, each asked whether it holds a copy of the slot. */
    private List<StandbySlotCopies.Copy> standbyCopies(Channel channel, Subscription subscription) {
        Optional<ConnectionDetails> master = stored.load(channel.storedMaster());
        if (master.isEmpty() || subscription.slotName() == null || master.get().failoverHosts() == null
                || master.get().failoverHosts().isEmpty()) {
            return List.of();
        }
        return StandbySlotCopies.of(master.get(), subscription.slotName(), 2);
    }

    /** The publication a subscription follows: the catalog's, or the channel's when there is none yet. */
    static String publicationOf(Optional<Subscription> sub, Channel channel) {
        return sub.map(s -> s.publications().isEmpty() ? null : s.publications().get(0)).orElse(channel.publication());
    }
}
