package com.lenz.central.ces.replication.core;

import static com.lenz.central.ces.replication.core.ReplicationFailures.SETUP_FAILED;

import com.lenz.central.ces.replication.db.PublicationStore;
import com.lenz.central.core.DomainException;

/** The replicated tables must exist on both ends before anything is published or subscribed. */
final class ReplicationTables {

    private ReplicationTables() {
    }

    static void require(PublicationStore database, Channel channel, String node) {
        database.firstMissingTable(channel.tables()).ifPresent(table -> {
            throw DomainException.conflict(SETUP_FAILED, "table " + table + " does not exist in the " + channel.database()
                    + " database of " + node);
        });
    }
}
