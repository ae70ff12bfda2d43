package com.lenz.central.auth.api;

import com.lenz.central.auth.core.PasswordHasher;
import com.lenz.central.auth.AuthConfig;
import com.lenz.central.auth.core.AdminReset;
import com.lenz.central.CentralConfiguration;
import com.lenz.central.db.DatabaseSetup;
import com.lenz.central.db.Databases;
import com.lenz.central.db.JdbiSetup;
import com.lenz.central.db.SchemaMigrator;
import com.lenz.central.config.ConfigReportingCommands;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.lifecycle.Managed;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;
import net.sourceforge.argparse4j.inf.Namespace;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code java -jar lenz-central.jar reset-admin config.yml}: creates the admin ADMIN_USERNAME, or gives
 * it back the admin role and the password ADMIN_PASSWORD, and ends its sessions. For the operator who
 * has no admin left (or lost its password). Without ADMIN_PASSWORD a password is generated and printed
 * once. Works on the configured database or the embedded one (which must not be in use by a running
 * server: stop the server first).
 */
public class ResetAdminCommand extends ConfiguredCommand<CentralConfiguration> {

    public ResetAdminCommand() {
        super("reset-admin", "Creates the admin ADMIN_USERNAME or resets its password to ADMIN_PASSWORD"
                + " (generated and printed when unset), and ends its sessions");
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        if (!ConfigReportingCommands.reported(cli, namespace, e)) {
            super.onError(cli, namespace, e);
        }
    }

    @Override
    protected void run(Bootstrap<CentralConfiguration> bootstrap, Namespace namespace, CentralConfiguration config)
            throws Exception {
        AuthConfig auth = config.getAuth();
        String password = auth.getAdminPassword();
        boolean generated = password == null || password.isBlank();
        if (generated) {
            byte[] bytes = new byte[18];
            new SecureRandom().nextBytes(bytes);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
        AdminReset.requireUsable(auth.getAdminUsername(), password); // before touching any database
        Databases databases = new DatabaseSetup().resolve(config);
        Optional<? extends Managed> embedded = databases.embedded();
        try {
            // The database may be new: the users table comes with the migrations.
            SchemaMigrator.migrate(databases.lenz(), SchemaMigrator.LENZ_CHANGELOG);
            AdminReset.Result result = new AdminReset(jdbi(databases.lenz()), new PasswordHasher())
                    .reset(auth.getAdminUsername(), password);
            // The operator's terminal, not the log: the only place a generated password may appear.
            System.out.println((result.created() ? "Created the admin '" : "Reset the admin '") + auth.getAdminUsername()
                    + "'" + (result.sessionsEnded() > 0 ? "; ended its " + result.sessionsEnded() + " session(s)" : "")
                    + (generated ? "; generated password (shown once): " + password : "; password from ADMIN_PASSWORD"));
        } finally {
            if (embedded.isPresent()) {
                embedded.get().stop();
            }
        }
    }

    private static Jdbi jdbi(DataSourceFactory factory) {
        Properties props = new Properties();
        props.putAll(factory.getProperties());
        if (factory.getUser() != null) {
            props.setProperty("user", factory.getUser());
        }
        if (factory.getPassword() != null) {
            props.setProperty("password", factory.getPassword());
        }
        return JdbiSetup.configure(Jdbi.create(factory.getUrl(), props));
    }
}
