package com.lenz.central.ces.replication.core;

import java.util.List;

/** One replicated database: what the master publishes and how the slave subscribes to it. */
public record Channel(String database, String publication, List<String> tables, String subscription,
                      String masterField, String storedMaster) {

    public static final Channel LENZ = new Channel("Lenz", "lenz_ces_pub", List.of("enrolled_face", "face_image"),
            "lenz_ces_sub", "lenz_master", StoredConnections.LENZ_MASTER);
    public static final Channel FREMIS = new Channel("Fremis", "fremis_ces_pub", List.of("keyspaces", "merged_vectors"),
            "fremis_ces_sub", "fremis_master", StoredConnections.FREMIS_MASTER);
    /** Every channel, in the order answers list them. */
    public static final List<Channel> ALL = List.of(LENZ, FREMIS);

    /** Slot names allow [a-z0-9_] and 63 characters; a configured node id may hold anything. */
    public String slotName(String nodeId) {
        String name = (subscription + "_" + nodeId).toLowerCase().replaceAll("[^a-z0-9_]", "_");
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    /** Whether {@code published} is exactly this channel's tables, in any order. */
    public boolean publishesExactly(List<String> published) {
        return sorted(published).equals(sorted(tables));
    }

    private static List<String> sorted(List<String> tables) {
        return tables.stream().sorted().toList();
    }
}
