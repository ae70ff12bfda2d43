package com.lenz.central.ces.replication.core;

import com.lenz.central.ces.CesConfig;
import com.lenz.central.ces.core.NodeIdentity;
import com.lenz.central.ces.replication.db.ReplicationClients;
import com.lenz.central.core.DomainException;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Sets up and reports CES logical replication (README, "CES replication"). A master publishes {@code enrolled_face},
 * {@code face_image} (Lenz database) and {@code keyspaces}, {@code merged_vectors} (Fremis database) and
 * needs {@code wal_level=logical}; a slave subscribes to both. Every step checks before it acts, so a setup
 * repeated (or retried after a failure) finishes the job and changes nothing that is already right.
 */
public class ReplicationService {

    private final CesConfig ces;
    private final MasterReplicationSetup masterSetup;
    private final SlaveReplicationSetup slaveSetup;
    private final ReplicationStatus status;

    /**
     * @param fremisConfigured whether FREMIS_DATABASE_URL is set; when it is not, the last
     *                         {@code fremis_local} given to setup is this node's Fremis database
     */
    public ReplicationService(CesConfig ces, NodeIdentity node, Jdbi lenz, Jdbi fremis, boolean fremisConfigured,
                              StoredConnections stored, ReplicationClients clients) {
        this.ces = ces;
        LocalDatabases databases = new LocalDatabases(lenz, fremis, fremisConfigured, stored);
        this.masterSetup = new MasterReplicationSetup(databases, stored);
        this.slaveSetup = new SlaveReplicationSetup(node, databases, stored);
        this.status = new ReplicationStatus(databases, stored, clients);
    }

    public ReplicationReport status() {
        requireEnabled(ReplicationFailures.STATUS_FAILED);
        return ces.isMaster() ? status.master() : status.slave();
    }

    /**
     * One setup at a time: two racing ones would both find a publication or slot missing. The masters are
     * read on a slave only (and required there).
     */
    public synchronized ReplicationReport setup(ConnectionDetails fremisLocal, ConnectionDetails lenzMaster,
                                                ConnectionDetails fremisMaster) {
        requireEnabled(ReplicationFailures.SETUP_FAILED);
        Optional<ConnectionDetails> local = Optional.ofNullable(fremisLocal).map(c -> c.validated("fremis_local"));
        return ces.isMaster() ? masterSetup.run(local) : slaveSetup.run(lenzMaster, fremisMaster, local);
    }

    private void requireEnabled(String summary) {
        if (!ces.isEnabled()) {
            throw DomainException.conflict(summary, "CES is not enabled");
        }
    }
}
