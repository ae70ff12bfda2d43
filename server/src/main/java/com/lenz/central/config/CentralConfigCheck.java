package com.lenz.central.config;

import com.lenz.central.CentralConfiguration;
import com.lenz.central.http.CrossOrigin;
import com.lenz.central.plugin.api.net.DestinationPolicy;
import com.lenz.central.security.AdminPortGuard;
import io.dropwizard.core.server.DefaultServerFactory;
import java.util.Locale;

/**
 * The checks of config.yml's top-level values that annotations cannot express. Each names the property; the
 * report turns it into the environment variable. Sections check themselves ({@link SelfChecking}).
 */
public final class CentralConfigCheck {

    private CentralConfigCheck() {
    }

    public static void check(CentralConfiguration config, ConfigProblems problems) {
        problems.zone("schedulerTimezone", config.getSchedulerTimezone());
        // Plugin settings are the plugins' own; the one rule the server knows: a setting named *_url is a URL.
        config.getPlugins().getSettings().forEach((name, value) -> {
            if (name.endsWith("_url")) {
                problems.httpUrl("plugins.settings." + name, value, false);
            }
        });
        try {
            CrossOrigin.fromConfig(config.getCorsAllowedOrigins());
        } catch (IllegalArgumentException e) {
            problems.add("corsAllowedOrigins", e.getMessage().replaceFirst("^CORS_ALLOWED_ORIGINS: ", ""));
        }
        blocks(problems, "httpRequestDeny", "HTTP_REQUEST_DENY", config.getHttpRequestDeny());
        blocks(problems, "httpRequestAllow", "HTTP_REQUEST_ALLOW", config.getHttpRequestAllow());
        jdbcUrl(problems, "database.url", config.getDatabase().getUrl(), "embedded");
        jdbcUrl(problems, "fremisDatabase.url", config.getFremisDatabase().getUrl(), "same-server");
        if (config.getDataDir() == null || config.getDataDir().isBlank()) {
            problems.add("dataDir", "must name a folder");
        }
        AdminPortGuard.refusal(config.getServerFactory(), config.getAdminPort()).ifPresent(reason ->
                problems.add(config.getServerFactory() instanceof DefaultServerFactory
                        ? "server.adminConnectors[0].bindHost" : "server", reason));
    }

    private static void blocks(ConfigProblems problems, String property, String variable, String list) {
        try {
            DestinationPolicy.parseBlocks(list);
        } catch (IllegalArgumentException e) {
            problems.add(property, variable + ": " + e.getMessage());
        }
    }

    private static void jdbcUrl(ConfigProblems problems, String property, String url, String builtIn) {
        String value = url == null ? "" : url.trim();
        if (!value.equals(builtIn) && !value.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:")) {
            problems.add(property, "'" + value.replaceFirst("//[^/@]*@", "//***@")
                    + "' is not a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/database)");
        }
    }
}
