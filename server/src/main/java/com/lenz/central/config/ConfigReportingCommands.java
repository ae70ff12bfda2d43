package com.lenz.central.config;

import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.util.List;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * Dropwizard's {@code server} and {@code check}, reporting a refused configuration as one line per problem
 * naming the environment variable (instead of a stack trace, or a list of config.yml paths). Both validate the
 * whole configuration before anything starts, so {@code check} fails exactly where {@code server} would.
 */
public final class ConfigReportingCommands {

    private ConfigReportingCommands() {
    }

    public static <T extends Configuration> ServerCommand<T> server(Application<T> application) {
        return new ServerCommand<>(application) {
            @Override
            public void onError(Cli cli, Namespace namespace, Throwable e) {
                if (!report(cli, namespace, e)) {
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
                if (!report(cli, namespace, e)) {
                    super.onError(cli, namespace, e);
                }
            }
        };
    }

    private static boolean report(Cli cli, Namespace namespace, Throwable e) {
        List<String> lines = ConfigErrorReport.forFile(namespace.getString("file")).lines(e);
        lines.forEach(cli.getStdErr()::println);
        cli.getStdErr().flush();
        return !lines.isEmpty();
    }
}
