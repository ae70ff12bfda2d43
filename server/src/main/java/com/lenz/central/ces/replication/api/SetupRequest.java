package com.lenz.central.ces.replication.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.lenz.central.ces.replication.core.ConnectionDetails;

/**
 * Body of {@code POST /api/ces/replication/setup}: this node's Fremis database (optional when
 * configured) and, on a slave, the master's two databases.
 */
public record SetupRequest(@JsonProperty("fremis_local") ConnectionDetails fremisLocal,
                           @JsonProperty("lenz_master") ConnectionDetails lenzMaster,
                           @JsonProperty("fremis_master") ConnectionDetails fremisMaster) {

    static final SetupRequest EMPTY = new SetupRequest(null, null, null);
}
