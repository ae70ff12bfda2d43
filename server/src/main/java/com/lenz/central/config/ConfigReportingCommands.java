package com.lenz.central.config;

import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.DatabaseConfiguration;
import io.dropwizard.migrations.DbCommand;
import java.util.List;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * Dropwizard's {@code server}, {@code check} and {@code db} commands, reporting a refused configuration as one
 * line per problem naming the environment variable (instead of a stack trace, or a list of config.yml paths).
 * Each validates the whole configuration before anything starts, so {@code check} fails exactly where the
 * others would. {@code reset-admin} reports the same way through {@link #reported}.
 */
public final class ConfigReportingCommands {

    private ConfigReportingCommands() {
    }

    public static <T extends Configuration> ServerCommand<T> server(Application<T> application) {
        return new ServerCommand<>(application) {
            @Override
            public void onError(Cli cli, Namespace namespace, Throwable e) {
                if (!reported(cli, namespace, e)) {
                    super.onError(cli, namespace, e);
                }
            }
        };
    }

    public static <T extends Configuration> CheckCommand<T> check(Application<T> application) {
        return new CheckCommand<>(application) {
            /**
             * Said on stdout itself rather than logged as Dropwizard does: a log line goes through an asynchronous
             * appender (and may be JSON), so a script reading the answer could miss it as the JVM exits.
             */
            @Override
            protected void run(Bootstrap<T> bootstrap, Namespace namespace, T configuration) {
                System.out.println("Configuration is OK");
                System.out.flush();
            }

            @Override
            public void onError(Cli cli, Namespace namespace, Throwable e) {
                if (!reported(cli, namespace, e)) {
                    super.onError(cli, namespace, e);
                }
            }
        };
    }

    /** {@code db migrate}, {@code db status} and the other Liquibase commands on the Lenz database of {@code database}. */
    public static <T extends Configuration> DbCommand<T> db(DatabaseConfiguration<T> database, Class<T> configurationClass) {
        return new DbCommand<>("db", database, configurationClass, "migrations.xml") {
            @Override
            public void onError(Cli cli, Namespace namespace, Throwable e) {
                if (!reported(cli, namespace, e)) {
                    super.onError(cli, namespace, e);
                }
            }
        };
    }

    /** Says each problem of a refused configuration in {@code e} on stderr; false when {@code e} is something else. */
    public static boolean reported(Cli cli, Namespace namespace, Throwable e) {
        List<String> lines = ConfigErrorReport.forFile(namespace.getString("file")).lines(e);
        lines.forEach(cli.getStdErr()::println);
        cli.getStdErr().flush();
        return !lines.isEmpty();
    }
}
