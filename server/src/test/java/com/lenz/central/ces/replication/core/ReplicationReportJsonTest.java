package com.lenz.central.ces.replication.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.lenz.central.ces.core.CesMode;
import com.lenz.central.ces.replication.db.ReplicationSlots;
import com.lenz.central.ces.replication.db.WalSettings.Setting;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replication answers keep the field names and order of the API reference (clients read them in order). */
class ReplicationReportJsonTest {

    // The API's naming: snake_case from the records' component names.
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private static final Setting WAL = new Setting("wal_level", "replica", "replica", "logical");
    private static final Setting SLOTS = new Setting("max_replication_slots", "10", "10", "200");
    private static final Setting SENDERS = new Setting("max_wal_senders", "10", "10", "200");

    @Test
    void masterSetup() throws Exception {
        MasterSetupReport report = new MasterSetupReport(CesMode.MASTER, WalSettingReport.Change.of(WAL, true),
                WalSettingReport.Change.of(SLOTS, true), WalSettingReport.Change.of(SENDERS, false),
                List.of(new MasterSetupReport.Publication("lenz_ces_pub", false, true, false,
                        List.of("enrolled_face", "face_image"))), true);

        assertThat(JSON.writeValueAsString(report)).isEqualTo("{\"mode\":\"master\","
                + "\"wal_level\":{\"current\":\"replica\",\"required\":\"logical\",\"changed\":true},"
                + "\"max_replication_slots\":{\"current\":10,\"required\":200,\"changed\":true},"
                + "\"max_wal_senders\":{\"current\":10,\"required\":200,\"changed\":false},"
                + "\"publications\":[{\"name\":\"lenz_ces_pub\",\"exists\":false,\"created\":true,\"updated\":false,"
                + "\"tables\":[\"enrolled_face\",\"face_image\"]}],\"restart_required\":true}");
    }

    @Test
    void masterStatus() throws Exception {
        MasterStatusReport report = new MasterStatusReport(CesMode.MASTER, false, WalSettingReport.State.of(WAL, false),
                WalSettingReport.State.of(SLOTS, false), WalSettingReport.State.of(SENDERS, false),
                List.of(new MasterStatusReport.Publication("fremis_ces_pub", false, List.of())), false, List.of(),
                List.of(new ReplicationSlots.Slot("lenz_ces_sub_a1b2c3d4", "lenz", true, true, false)),
                new ReplicationSlots.StandbyGuard("standby1", true));

        assertThat(JSON.writeValueAsString(report)).isEqualTo("{\"mode\":\"master\",\"is_configured\":false,"
                + "\"wal_level\":{\"current\":\"replica\",\"required\":\"logical\",\"is_set\":false},"
                + "\"max_replication_slots\":{\"current\":10,\"required\":200,\"is_set\":false},"
                + "\"max_wal_senders\":{\"current\":10,\"required\":200,\"is_set\":false},"
                + "\"publications\":[{\"name\":\"fremis_ces_pub\",\"exists\":false,\"tables\":[]}],"
                + "\"restart_required\":false,\"replication_clients\":[],"
                + "\"replication_slots\":[{\"slot_name\":\"lenz_ces_sub_a1b2c3d4\",\"database\":\"lenz\",\"active\":true,"
                + "\"failover\":true,\"synced\":false}],"
                + "\"standby_slots\":{\"synchronized_standby_slots\":\"standby1\",\"standbys_streaming\":true}}");
    }

    @Test
    void slaveSetup() throws Exception {
        SlaveSetupReport report = new SlaveSetupReport(CesMode.SLAVE, List.of(new SlaveSetupReport.Subscription(
                "lenz_ces_sub", false, true, true, "lenz_ces_pub", "lenz_ces_sub_a1b2c3d4")), false);

        assertThat(JSON.writeValueAsString(report)).isEqualTo("{\"mode\":\"slave\",\"subscriptions\":[{"
                + "\"name\":\"lenz_ces_sub\",\"exists\":false,\"created\":true,\"enabled\":true,"
                + "\"publication\":\"lenz_ces_pub\",\"slot_name\":\"lenz_ces_sub_a1b2c3d4\"}],\"restart_required\":false}");
    }

    @Test
    void slaveStatusKeepsItsNulls() throws Exception {
        SlaveStatusReport report = new SlaveStatusReport(CesMode.SLAVE, false, List.of(new SlaveStatusReport.Subscription(
                "fremis_ces_sub", false, false, "fremis_ces_pub", null, SubscriptionState.MISSING, null, null)));

        assertThat(JSON.writeValueAsString(report)).isEqualTo("{\"mode\":\"slave\",\"is_configured\":false,"
                + "\"subscriptions\":[{\"name\":\"fremis_ces_sub\",\"exists\":false,\"enabled\":false,"
                + "\"publication\":\"fremis_ces_pub\",\"slot_name\":null,\"state\":\"missing\",\"lag_bytes\":null,\"failover\":null,"
                + "\"standby_slots\":[],\"slot_synced_to_standby\":null}]}");
    }
}
