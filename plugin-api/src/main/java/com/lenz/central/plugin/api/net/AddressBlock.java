package com.lenz.central.plugin.api.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A CIDR block ({@code 10.0.0.0/8}, {@code fe80::/10}) or a single address ({@code 10.1.2.3} is
 * {@code 10.1.2.3/32}). Parsed without any DNS lookup: only address literals are accepted.
 */
public final class AddressBlock {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final byte[] network;
    private final int prefix;
    private final String text;

    private AddressBlock(byte[] network, int prefix) throws UnknownHostException {
        this.prefix = prefix;
        this.network = network.clone();
        // Keep only the prefix bits, so 10.1.2.3/8 is 10.0.0.0/8.
        for (int bit = prefix; bit < network.length * 8; bit++) {
            this.network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        this.text = InetAddress.getByAddress(this.network).getHostAddress() + "/" + prefix;
    }

    /**
     * Parses {@code address} or {@code address/prefix}.
     *
     * @throws IllegalArgumentException naming the text when it is not one
     */
    public static AddressBlock parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = literal(address);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + trimmed + "' is not an IP address or CIDR block (e.g. 10.0.0.0/8, fd00::/8)");
        }
        // An IPv4-mapped IPv6 block (::ffff:10.0.0.0/104) is the IPv4 block it maps: addresses are judged as IPv4.
        boolean mappedV4 = bytes.length == 4 && address.contains(":");
        int max = mappedV4 ? 128 : bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < (mappedV4 ? 96 : 0) || prefix > max) {
                throw new IllegalArgumentException("'" + trimmed + "' has a prefix length outside "
                        + (mappedV4 ? 96 : 0) + "-" + max);
            }
        }
        try {
            return new AddressBlock(bytes, mappedV4 ? prefix - 96 : prefix);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + trimmed + "' is not an IP address", e);
        }
    }

    /** The bytes of an IPv4 dotted quad or an IPv6 literal, or null: never a name lookup. */
    private static byte[] literal(String address) {
        if (IPV4.matcher(address).matches()) {
            String[] parts = address.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                bytes[i] = (byte) Integer.parseInt(parts[i]);
            }
            return bytes;
        }
        if (IPV6.matcher(address).matches()) {
            try {
                // A text with a colon is only ever parsed as an IPv6 literal by InetAddress (no DNS);
                // an IPv4-mapped one comes back as IPv4.
                return InetAddress.getByName(address).getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }

    /** Whether {@code address} lies in this block (an IPv4 address never lies in an IPv6 block, nor the reverse). */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** The prefix length: the larger, the more specific. */
    public int prefix() {
        return prefix;
    }

    @Override
    public String toString() {
        return text;
    }
}
