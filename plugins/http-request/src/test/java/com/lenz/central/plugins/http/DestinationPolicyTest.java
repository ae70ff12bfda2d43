package com.lenz.central.plugins.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lenz.central.plugin.api.net.AddressBlock;
import com.lenz.central.plugin.api.net.DestinationPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The policy's decisions on addresses alone: nothing here connects anywhere. */
class DestinationPolicyTest {

    private static final DestinationPolicy DEFAULTS = DestinationPolicy.of(null, null, "6015,6016,6443")
            .withOwnAddresses(a -> a.isLoopbackAddress() || a.isAnyLocalAddress() || a.getHostAddress().equals("10.0.0.5"));

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal); // literals only: no lookup
    }

    private static String refusal(DestinationPolicy policy, String literal, int port) throws UnknownHostException {
        return policy.refusal(ip(literal), port).orElse(null);
    }

    @Test
    void privateLanRangesAndPublicAddressesAreAllowedByDefault() throws Exception {
        for (String address : new String[] {"10.1.2.3", "172.16.0.9", "192.168.1.50", "100.64.0.1", "fd12:3456::1",
                "8.8.8.8", "2001:db8::1"}) {
            assertThat(refusal(DEFAULTS, address, 80)).as(address).isNull();
        }
    }

    @Test
    @Tag("faults")
    void loopbackLinkLocalUnspecifiedMulticastAndMetadataAreRefusedInEveryForm() throws Exception {
        assertThat(refusal(DEFAULTS, "127.0.0.1", 80)).isEqualTo("127.0.0.1 is a loopback address; HTTP_REQUEST_ALLOW can allow it");
        assertThat(refusal(DEFAULTS, "127.8.9.10", 80)).contains("loopback");
        assertThat(refusal(DEFAULTS, "::1", 80)).contains("loopback");
        assertThat(refusal(DEFAULTS, "0.0.0.0", 80)).contains("unspecified");
        assertThat(refusal(DEFAULTS, "::", 80)).contains("unspecified");
        assertThat(refusal(DEFAULTS, "169.254.169.254", 80)).contains("link-local").contains("metadata");
        assertThat(refusal(DEFAULTS, "fe80::1", 80)).contains("link-local");
        assertThat(refusal(DEFAULTS, "224.0.0.251", 80)).contains("multicast");
        assertThat(refusal(DEFAULTS, "ff02::1", 80)).contains("multicast");
        assertThat(refusal(DEFAULTS, "255.255.255.255", 80)).contains("broadcast");
        assertThat(refusal(DEFAULTS, "fd00:ec2::254", 80)).contains("metadata");
        // IPv4 carried inside IPv6: mapped (Java turns it into IPv4), compatible, NAT64
        assertThat(refusal(DEFAULTS, "::ffff:169.254.169.254", 80)).contains("link-local");
        assertThat(refusal(DEFAULTS, "::127.0.0.1", 80)).contains("(127.0.0.1)").contains("loopback");
        assertThat(refusal(DEFAULTS, "64:ff9b::a9fe:a9fe", 80)).contains("(169.254.169.254)").contains("link-local");
        assertThat(refusal(DEFAULTS, "64:ff9b::808:808", 80)).isNull();
    }

    @Test
    void theServersOwnPortsAreRefusedOnItsOwnAddressesWhateverTheAllowList() throws Exception {
        DestinationPolicy open = DestinationPolicy.of(null, "0.0.0.0/0,::/0", "6015,6016")
                .withOwnAddresses(a -> a.isLoopbackAddress() || a.getHostAddress().equals("10.0.0.5"));
        assertThat(refusal(open, "127.0.0.1", 6016)).isEqualTo("127.0.0.1 port 6016 is this server's own port");
        assertThat(refusal(open, "10.0.0.5", 6015)).contains("own port");
        assertThat(refusal(open, "127.0.0.1", 6017)).isNull();
        assertThat(refusal(open, "10.0.0.6", 6015)).as("another host's 6015").isNull();
    }

    @Test
    void theMostSpecificListedBlockDecidesAndDenyWinsATie() throws Exception {
        DestinationPolicy policy = DestinationPolicy.of("10.0.0.0/8, 192.168.7.7, 127.0.0.5/32", "10.20.0.0/16,127.0.0.0/8,192.168.7.7/32", "");
        assertThat(refusal(policy, "10.1.1.1", 80)).isEqualTo("10.1.1.1 is in HTTP_REQUEST_DENY (10.0.0.0/8)");
        assertThat(refusal(policy, "10.20.3.4", 80)).as("the allowed /16 inside the denied /8").isNull();
        assertThat(refusal(policy, "127.0.0.1", 80)).as("allow overrides the default").isNull();
        assertThat(refusal(policy, "127.0.0.5", 80)).contains("HTTP_REQUEST_DENY");
        assertThat(refusal(policy, "192.168.7.7", 80)).as("tie").contains("HTTP_REQUEST_DENY");

        DestinationPolicy onlyOne = DestinationPolicy.of("0.0.0.0/0,::/0", "192.168.1.0/24", "");
        assertThat(refusal(onlyOne, "192.168.1.9", 80)).isNull();
        assertThat(refusal(onlyOne, "192.168.2.9", 80)).contains("HTTP_REQUEST_DENY (0.0.0.0/0)");
        assertThat(refusal(onlyOne, "2001:db8::1", 80)).contains("(0:0:0:0:0:0:0:0/0)");
    }

    @Test
    void blocksParseLiteralsOnlyAndNameTheBadEntry() {
        assertThat(AddressBlock.parse("10.1.2.3/8")).hasToString("10.0.0.0/8");
        assertThat(AddressBlock.parse(" fe80::1/10 ")).hasToString("fe80:0:0:0:0:0:0:0/10");
        assertThat(AddressBlock.parse("::ffff:10.0.0.0/104")).hasToString("10.0.0.0/8");
        assertThat(DestinationPolicy.parseBlocks("10.0.0.0/8,, 192.168.0.1")).hasSize(2);
        for (String bad : new String[] {"example.com", "10.0.0/8", "10.0.0.0/33", "fe80::/129", "2130706433", "10.0.0.0/x", "0177.0.0.1"}) {
            assertThatThrownBy(() -> DestinationPolicy.parseBlocks("10.0.0.0/8," + bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
        }
        assertThatThrownBy(() -> DestinationPolicy.of("nope", null, null)).hasMessageStartingWith("http_request_deny: 'nope'");
    }
}
