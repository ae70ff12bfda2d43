package com.lenz.central.testing;

import com.lenz.central.CentralApplication;
import com.lenz.central.CentralConfiguration;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.text.StringSubstitutor;

/**
 * The server's command line in this JVM, with "environment variables" from a map (the real config.yml's
 * {@code ${VAR:-default}} placeholders): for commands that must fail before they start anything, much faster
 * than a JVM each. {@link CommandRun} runs them as a real process.
 */
public final class InProcessCli {

    private InProcessCli() {
    }

    public static CommandRun.Result run(Map<String, String> env, String... args) {
        Application application = new Application(env);
        Bootstrap<CentralConfiguration> bootstrap = new Bootstrap<>(application);
        application.addCommands(bootstrap);
        application.initialize(bootstrap);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        boolean failed = new Cli(new JarLocation(CentralApplication.class), bootstrap, out, err).run(args).isPresent();
        return new CommandRun.Result(failed ? 1 : 0, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static final class Application extends CentralApplication {
        private final Map<String, String> env;

        Application(Map<String, String> env) {
            this.env = env;
        }

        void addCommands(Bootstrap<CentralConfiguration> bootstrap) {
            addDefaultCommands(bootstrap);
        }

        @Override
        public void initialize(Bootstrap<CentralConfiguration> bootstrap) {
            super.initialize(bootstrap);
            StringSubstitutor fromMap = new StringSubstitutor(env);
            fromMap.setEnableUndefinedVariableException(false);
            bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(), fromMap));
        }
    }
}
