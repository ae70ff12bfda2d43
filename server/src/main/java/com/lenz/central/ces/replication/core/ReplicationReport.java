package com.lenz.central.ces.replication.core;

/**
 * The {@code result} of a replication status or setup answer. Records serialized through the API's
 * snake_case naming, fields in the order the API reference gives them.
 */
public sealed interface ReplicationReport permits MasterSetupReport, MasterStatusReport, SlaveSetupReport,
        SlaveStatusReport {
}
