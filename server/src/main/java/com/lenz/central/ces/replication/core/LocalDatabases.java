package com.lenz.central.ces.replication.core;

import com.lenz.central.ces.replication.db.PostgresReason;
import com.lenz.central.core.DomainException;
import com.lenz.central.db.JdbiSetup;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** This node's two databases as replication sees them: Lenz, and Fremis wherever it lives. */
final class LocalDatabases {

    private static final String APPLICATION_NAME = "lenz-central-replication";

    private final Jdbi lenz;
    private final Jdbi fremis;
    private final boolean fremisConfigured;
    private final StoredConnections stored;

    LocalDatabases(Jdbi lenz, Jdbi fremis, boolean fremisConfigured, StoredConnections stored) {
        this.lenz = lenz;
        this.fremis = fremis;
        this.fremisConfigured = fremisConfigured;
        this.stored = stored;
    }

    Jdbi lenz() {
        return lenz;
    }

    /**
     * This node's Fremis database: the {@code fremis_local} given now; else FREMIS_DATABASE_URL when set;
     * else the last {@code fremis_local} given to setup; else the default (database fremis next to Lenz).
     * {@code summary}: the answer's message when it cannot be reached.
     */
    Jdbi fremis(Optional<ConnectionDetails> given, String summary) {
        Optional<ConnectionDetails> chosen = given.isPresent() || fremisConfigured
                ? given : stored.load(StoredConnections.FREMIS_LOCAL);
        if (chosen.isEmpty()) {
            return fremis;
        }
        ConnectionDetails details = chosen.get();
        return JdbiSetup.configure(Jdbi.create(() -> {
            try {
                return details.connect(APPLICATION_NAME, 5);
            } catch (SQLException e) {
                throw DomainException.upstreamFailed(summary, "cannot connect to fremis_local (" + details.describe()
                        + "): " + PostgresReason.of(e));
            }
        }));
    }

    /** The database of {@code channel}: Lenz, or the Fremis database chosen for this request. */
    static Jdbi of(Channel channel, Jdbi lenz, Jdbi fremis) {
        return channel == Channel.LENZ ? lenz : fremis;
    }
}
