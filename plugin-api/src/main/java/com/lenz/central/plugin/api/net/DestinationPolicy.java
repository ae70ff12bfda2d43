package com.lenz.central.plugin.api.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which addresses a node may connect to when the address comes from a user's config (the
 * {@code http_request} node's URL and the redirects it is sent). Decides on resolved addresses only;
 * the caller resolves a host once and connects to the very address judged here.
 *
 * <ol>
 *   <li>This server's own ports on any of its own addresses are always refused.</li>
 *   <li>Otherwise the most specific block of the deny and allow lists that contains the address decides
 *       (a deny wins a tie): {@code allow 10.0.0.0/8} with {@code deny 10.0.0.5/32} refuses only
 *       10.0.0.5; {@code deny 0.0.0.0/0} with {@code allow 10.1.2.0/24} allows only that block.</li>
 *   <li>An address in neither list is refused when it is loopback, unspecified, link-local (cloud
 *       metadata), multicast, broadcast or a known cloud metadata address, and allowed otherwise (private
 *       LAN ranges included).</li>
 * </ol>
 * IPv4-mapped ({@code ::ffff:127.0.0.1}), IPv4-compatible ({@code ::127.0.0.1}) and NAT64
 * ({@code 64:ff9b::7f00:1}) forms are judged as the IPv4 address they carry.
 */
public final class DestinationPolicy {

    /** Node setting: comma-separated blocks to refuse ({@code HTTP_REQUEST_DENY}). */
    public static final String DENY_SETTING = "http_request_deny";
    /** Node setting: comma-separated blocks to allow ({@code HTTP_REQUEST_ALLOW}). */
    public static final String ALLOW_SETTING = "http_request_allow";
    /** Node setting: comma-separated ports this server listens on (application, admin, HTTPS). */
    public static final String OWN_PORTS_SETTING = "server_ports";

    private record Rule(AddressBlock block, String why) {
    }

    private static final List<Rule> REFUSED_BY_DEFAULT = List.of(
            rule("127.0.0.0/8", "a loopback address"),
            rule("::1/128", "a loopback address"),
            rule("0.0.0.0/8", "an unspecified address (it reaches this host)"),
            rule("::/128", "the unspecified address (it reaches this host)"),
            rule("169.254.0.0/16", "a link-local address (where cloud metadata services answer)"),
            rule("fe80::/10", "a link-local address"),
            rule("224.0.0.0/4", "a multicast address"),
            rule("ff00::/8", "a multicast address"),
            rule("255.255.255.255/32", "the broadcast address"),
            rule("fd00:ec2::254/128", "a cloud metadata address"),
            rule("100.100.100.200/32", "a cloud metadata address"));

    private static final byte[] NAT64_PREFIX = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

    private final List<AddressBlock> deny;
    private final List<AddressBlock> allow;
    private final Set<Integer> ownPorts;
    private final Predicate<InetAddress> ownAddress;

    private DestinationPolicy(List<AddressBlock> deny, List<AddressBlock> allow, Set<Integer> ownPorts,
                              Predicate<InetAddress> ownAddress) {
        this.deny = List.copyOf(deny);
        this.allow = List.copyOf(allow);
        this.ownPorts = Set.copyOf(ownPorts);
        this.ownAddress = ownAddress;
    }

    /**
     * A policy from the three settings' texts (each may be null or blank).
     *
     * @throws IllegalArgumentException naming the setting and the entry that is not a block or port
     */
    public static DestinationPolicy of(String deny, String allow, String ownPorts) {
        return new DestinationPolicy(blocks(DENY_SETTING, deny), blocks(ALLOW_SETTING, allow), ports(ownPorts),
                DestinationPolicy::isThisHost);
    }

    /** The same policy, with another test of "is this one of this host's addresses" (for tests). */
    public DestinationPolicy withOwnAddresses(Predicate<InetAddress> ownAddress) {
        return new DestinationPolicy(deny, allow, ownPorts, ownAddress);
    }

    /**
     * Parses a comma-separated list of addresses and CIDR blocks; blank entries are skipped.
     *
     * @throws IllegalArgumentException naming the first entry that is not one
     */
    public static List<AddressBlock> parseBlocks(String list) {
        List<AddressBlock> blocks = new ArrayList<>();
        if (list != null) {
            for (String entry : list.split(",")) {
                if (!entry.isBlank()) {
                    blocks.add(AddressBlock.parse(entry));
                }
            }
        }
        return blocks;
    }

    private static List<AddressBlock> blocks(String setting, String list) {
        try {
            return parseBlocks(list);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + ": " + e.getMessage(), e);
        }
    }

    private static Set<Integer> ports(String list) {
        Set<Integer> ports = new HashSet<>();
        if (list != null) {
            for (String entry : list.split(",")) {
                if (!entry.isBlank()) {
                    try {
                        ports.add(Integer.parseInt(entry.trim()));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(OWN_PORTS_SETTING + ": '" + entry.trim() + "' is not a port", e);
                    }
                }
            }
        }
        return ports;
    }

    /**
     * Why a connection to {@code address} on {@code port} is refused ({@code "127.0.0.1 is a loopback
     * address"}), or empty when it is allowed.
     */
    public Optional<String> refusal(InetAddress address, int port) {
        InetAddress judged = carriedIpv4(address);
        String shown = address.getHostAddress() + (judged == address ? "" : " (" + judged.getHostAddress() + ")");
        if (ownPorts.contains(port) && (ownAddress.test(judged) || ownAddress.test(address))) {
            return Optional.of(shown + " port " + port + " is this server's own port");
        }
        AddressBlock denied = mostSpecific(deny, address, judged);
        AddressBlock allowed = mostSpecific(allow, address, judged);
        if (denied != null && (allowed == null || denied.prefix() >= allowed.prefix())) {
            return Optional.of(shown + " is in HTTP_REQUEST_DENY (" + denied + ")");
        }
        if (allowed != null) {
            return Optional.empty();
        }
        for (Rule rule : REFUSED_BY_DEFAULT) {
            if (rule.block().contains(judged)) {
                return Optional.of(shown + " is " + rule.why() + "; HTTP_REQUEST_ALLOW can allow it");
            }
        }
        return Optional.empty();
    }

    private static AddressBlock mostSpecific(List<AddressBlock> blocks, InetAddress address, InetAddress judged) {
        AddressBlock best = null;
        for (AddressBlock block : blocks) {
            if ((block.contains(judged) || block.contains(address)) && (best == null || block.prefix() > best.prefix())) {
                best = block;
            }
        }
        return best;
    }

    /** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64), or the address itself. */
    static InetAddress carriedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= b[i] == 0;
        }
        boolean mapped = firstTenZero && b[10] == (byte) 0xff && b[11] == (byte) 0xff;
        boolean compatible = firstTenZero && b[10] == 0 && b[11] == 0
                && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1)); // not :: or ::1
        boolean nat64 = Arrays.equals(Arrays.copyOf(b, 12), NAT64_PREFIX);
        if (!mapped && !compatible && !nat64) {
            return address;
        }
        try {
            return Inet4Address.getByAddress(Arrays.copyOfRange(b, 12, 16));
        } catch (UnknownHostException e) {
            return address; // four bytes are always an address
        }
    }

    private static boolean isThisHost(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    private static Rule rule(String block, String why) {
        return new Rule(AddressBlock.parse(block), why);
    }
}
