package com.lenz.central.ces.replication.core;

import com.lenz.central.ces.core.CesMode;
import java.util.List;

/** What setup did on a master: the WAL settings it changed and the publications it made or corrected. */
public record MasterSetupReport(CesMode mode, WalSettingReport.Change walLevel,
                                WalSettingReport.Change maxReplicationSlots, WalSettingReport.Change maxWalSenders,
                                List<Publication> publications, boolean restartRequired) implements ReplicationReport {

    /** {@code exists}: before this setup; {@code tables}: after it. */
    public record Publication(String name, boolean exists, boolean created, boolean updated, List<String> tables) {
    }
}
