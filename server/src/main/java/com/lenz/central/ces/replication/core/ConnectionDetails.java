package com.lenz.central.ces.replication.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.lenz.central.core.DomainException;
import com.lenz.central.logging.LogRedactor;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A connection object of the setup body, {@code {host, port, dbname, user, password, sslmode?}}. The password
 * never leaves this record except into a PostgreSQL connection: {@link #toString()} and
 * {@link #describe()} leave it out, and error texts are PostgreSQL's own, which never hold it.
 */
public record ConnectionDetails(@JsonProperty("host") String host, @JsonProperty("port") Integer port,
                                @JsonProperty("dbname") String dbname, @JsonProperty("user") String user,
                                @JsonProperty(value = "password", access = JsonProperty.Access.WRITE_ONLY) String password,
                                @JsonProperty("sslmode") String sslmode,
                                @JsonProperty("failover_hosts") List<String> failoverHosts) {

    /**
     * Without failover hosts: one master host. With them ({@code "host:port"} each, the other members of
     * the master's highly available cluster), connections try every host and take the one accepting
     * writes, so a subscription follows the master cluster's failover.
     */
    public ConnectionDetails(String host, Integer port, String dbname, String user, String password, String sslmode) {
        this(host, port, dbname, user, password, sslmode, null);
    }

    /** libpq's and pgjdbc's sslmode values (both accept the same six). */
    static final java.util.List<String> SSL_MODES = java.util.List.of("disable", "allow", "prefer", "require",
            "verify-ca", "verify-full");

    /** Without sslmode: libpq's and pgjdbc's default ({@code prefer}). */
    public ConnectionDetails(String host, Integer port, String dbname, String user, String password) {
        this(host, port, dbname, user, password, null, null);
    }

    // Host names and IP addresses (IPv6 too); nothing that could smuggle another conninfo keyword.
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:%\\-\\[\\]]+");

    /** An INVALID failure naming the first missing or invalid field, as {@code <name>.<field>}. */
    public ConnectionDetails validated(String name) {
        require(name, "host", host);
        if (port == null) {
            throw DomainException.invalid(name + ".port is required");
        }
        require(name, "dbname", dbname);
        require(name, "user", user);
        if (password == null) {
            throw DomainException.invalid(name + ".password is required");
        }
        if (sslmode != null && !SSL_MODES.contains(sslmode)) {
            throw DomainException.invalid(name + ".sslmode must be one of " + String.join(", ", SSL_MODES));
        }
        registerPassword(password);
        if (!HOST.matcher(host.trim()).matches()) {
            throw DomainException.invalid(name + ".host must be a host name or an IP address");
        }
        if (port < 1 || port > 65535) {
            throw DomainException.invalid(name + ".port must be between 1 and 65535");
        }
        for (String[] field : new String[][] {{"dbname", dbname}, {"user", user}, {"password", password}}) {
            if (field[1].indexOf('\0') >= 0) {
                throw DomainException.invalid(name + "." + field[0] + " must not contain a NUL character");
            }
        }
        String bare = host.trim();
        // "[::1]" as in a URL; libpq wants the bare address, connect() adds the brackets back for JDBC.
        if (bare.startsWith("[") && bare.endsWith("]")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        List<String> others = null;
        if (failoverHosts != null && !failoverHosts.isEmpty()) {
            others = new ArrayList<>();
            for (String entry : failoverHosts) {
                Matcher m = entry == null ? null : HOST_PORT.matcher(entry.trim());
                if (m == null || !m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
                    throw DomainException.invalid(name + ".failover_hosts entries must be \"host:port\"");
                }
                others.add(unbracketed(m.group(1)) + ":" + m.group(2));
            }
        }
        return new ConnectionDetails(bare, port, dbname, user, password, sslmode, others);
    }

    private static final Pattern HOST_PORT = Pattern.compile("([A-Za-z0-9._%\\-]+|\\[[0-9A-Fa-f:.%]+\\]):([0-9]{1,5})");

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Each member of the master cluster on its own (this host first), without failover hosts. */
    public List<ConnectionDetails> members() {
        return hosts().stream().map(h -> new ConnectionDetails(h[0], Integer.parseInt(h[1]), dbname, user, password, sslmode))
                .toList();
    }

    /** Every host of the master cluster, this one first: {host, port} pairs. */
    private List<String[]> hosts() {
        List<String[]> all = new ArrayList<>();
        all.add(new String[] {host, Integer.toString(port)});
        if (failoverHosts != null) {
            for (String entry : failoverHosts) {
                int colon = entry.lastIndexOf(':');
                all.add(new String[] {entry.substring(0, colon), entry.substring(colon + 1)});
            }
        }
        return all;
    }

    private static void require(String name, String field, String value) {
        if (value == null || value.isBlank()) {
            throw DomainException.invalid(name + "." + field + " is required");
        }
    }

    /** A new connection (the caller closes it), failing fast when the server does not answer. */
    public Connection connect(String applicationName, int timeoutSeconds) throws SQLException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        List<String[]> hosts = hosts();
        ds.setServerNames(hosts.stream().map(h -> h[0].contains(":") ? "[" + h[0] + "]" : h[0]).toArray(String[]::new));
        ds.setPortNumbers(hosts.stream().mapToInt(h -> Integer.parseInt(h[1])).toArray());
        if (hosts.size() > 1) {
            ds.setTargetServerType("primary");
        }
        ds.setDatabaseName(dbname);
        ds.setUser(user);
        ds.setPassword(password);
        ds.setApplicationName(applicationName);
        ds.setConnectTimeout(timeoutSeconds);
        ds.setLoginTimeout(timeoutSeconds * 2);
        ds.setSocketTimeout(120);
        if (sslmode != null) {
            ds.setSslMode(sslmode);
        }
        return ds.getConnection();
    }

    /**
     * The libpq connection string PostgreSQL itself uses (CREATE SUBSCRIPTION): every value single-quoted
     * with {@code \} and {@code '} escaped, so any password works. It holds the password: never log it.
     */
    public String conninfo() {
        List<String[]> hosts = hosts();
        // libpq's multi-host form: host=a,b port=p,q, and only the member accepting writes will do.
        String hostList = String.join(",", hosts.stream().map(h -> h[0]).toList());
        String portList = String.join(",", hosts.stream().map(h -> h[1]).toList());
        return "host=" + conninfoValue(hostList) + " port=" + (hosts.size() > 1 ? conninfoValue(portList) : port) + " dbname=" + conninfoValue(dbname)
                + " user=" + conninfoValue(user) + " password=" + conninfoValue(password) + " connect_timeout=10"
                + (sslmode == null ? "" : " sslmode=" + conninfoValue(sslmode))
                + (hosts.size() > 1 ? " target_session_attrs=read-write" : "");
    }

    /**
     * Registers the password with the log redactor as it may appear: raw, escaped inside the conninfo, and
     * that conninfo quoted as the SQL literal of CREATE SUBSCRIPTION (the JDBC driver at TRACE prints it).
     */
    static void registerPassword(String password) {
        if (password == null) {
            return;
        }
        String inConninfo = password.replace("\\", "\\\\").replace("'", "\\'");
        LogRedactor.register(password);
        LogRedactor.register(inConninfo);
        LogRedactor.register(inConninfo.replace("\\", "\\\\").replace("'", "''"));
    }

    static String conninfoValue(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** {@code user@host:port/dbname}, for messages and logs. */
    public String describe() {
        return user + "@" + host + ":" + port + (failoverHosts == null || failoverHosts.isEmpty() ? ""
                : "," + String.join(",", failoverHosts)) + "/" + dbname;
    }

    @Override
    public String toString() {
        return "ConnectionDetails[" + describe() + "]";
    }
}
