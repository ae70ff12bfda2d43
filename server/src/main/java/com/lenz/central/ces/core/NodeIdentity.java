package com.lenz.central.ces.core;

import com.lenz.central.ces.CesConfig;
import com.lenz.central.db.SettingsStore;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.HexFormat;

/**
 * This node's identity in CES: id, name and IP address. Each comes from config (CES_NODE_ID,
 * CES_NODE_NAME, CES_NODE_IP) or a default: a random 8-hex id generated once and kept in the
 * database (so it survives restarts and names this node's replication slots), the host name, and the
 * first non-loopback address.
 */
public record NodeIdentity(String id, String name, String ipAddress) {

    static final String SETTING_KEY = "ces_node_id";

    public static NodeIdentity resolve(CesConfig config, SettingsStore settings) {
        String id = isBlank(config.getNodeId())
                ? settings.getOrCreate(SETTING_KEY, randomId())
                : config.getNodeId().trim();
        String name = isBlank(config.getNodeName()) ? hostName() : config.getNodeName().trim();
        String ip = isBlank(config.getNodeIp()) ? firstNonLoopbackAddress() : config.getNodeIp().trim();
        return new NodeIdentity(id, name, ip);
    }

    public static String randomId() {
        byte[] bytes = new byte[4];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            String env = System.getenv("HOSTNAME");
            return isBlank(env) ? "localhost" : env;
        }
    }

    private static String firstNonLoopbackAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (Exception ignored) {
            // fall through
        }
        return "127.0.0.1";
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
