package com.lenz.central.ces.replication.core;

import com.lenz.central.ces.core.CesMode;
import com.lenz.central.ces.replication.db.ReplicationClients.Client;
import com.lenz.central.ces.replication.db.ReplicationSlots;
import java.util.List;

/** A master's replication status: its WAL settings, its publications and the slaves streaming from it. */
public record MasterStatusReport(CesMode mode, boolean isConfigured, WalSettingReport.State walLevel,
                                 WalSettingReport.State maxReplicationSlots, WalSettingReport.State maxWalSenders,
                                 List<Publication> publications, boolean restartRequired,
                                 List<Client> replicationClients,
                                 List<ReplicationSlots.Slot> replicationSlots,
                                 ReplicationSlots.StandbyGuard standbySlots)
        implements ReplicationReport {

    public record Publication(String name, boolean exists, List<String> tables) {
    }
}
