package com.lenz.central.ces.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.TestServer;
import org.junit.jupiter.api.Test;

class NodeIdentityTest {

    @Test
    void aGeneratedNodeIdIsEightHexAndSurvivesARestart() {
        try (TestServer server = TestServer.start()) {
            String first = server.nodeIdentity().id();
            assertThat(first).matches("[0-9a-f]{8}");
            assertThat(server.nodeIdentity().name()).isNotBlank();
            assertThat(server.nodeIdentity().ipAddress()).isNotBlank();

            server.stop();
            server.startAgain();

            assertThat(server.nodeIdentity().id()).isEqualTo(first);
        }
    }

    @Test
    void configuredIdentityWins() {
        try (TestServer server = TestServer.builder().set("ces.nodeId", "a1b2c3d4")
                .set("ces.nodeName", "Slave Node 1").set("ces.nodeIp", "192.168.1.11").start()) {
            assertThat(server.nodeIdentity()).isEqualTo(new NodeIdentity("a1b2c3d4", "Slave Node 1", "192.168.1.11"));
        }
    }
}
