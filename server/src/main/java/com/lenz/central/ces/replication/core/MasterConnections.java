package com.lenz.central.ces.replication.core;

import com.lenz.central.ces.replication.db.MasterDatabase;
import com.lenz.central.ces.replication.db.PostgresReason;
import com.lenz.central.core.DomainException;
import java.sql.SQLException;

/** Opens a slave's connection to one of the master's databases, or fails naming the field and PostgreSQL's reason. */
final class MasterConnections {

    private MasterConnections() {
    }

    static MasterDatabase open(Channel channel, ConnectionDetails details, int timeoutSeconds) {
        try {
            return MasterDatabase.connect(details, timeoutSeconds);
        } catch (SQLException e) {
            throw DomainException.upstreamFailed(ReplicationFailures.SETUP_FAILED, "cannot connect to "
                    + channel.masterField() + " (" + details.describe() + "): " + PostgresReason.of(e));
        }
    }
}
