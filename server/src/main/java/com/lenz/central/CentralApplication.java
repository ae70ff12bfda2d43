package com.lenz.central;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.lenz.central.auth.AuthModule;
import com.lenz.central.auth.api.ResetAdminCommand;
import com.lenz.central.ces.CesModule;
import com.lenz.central.console.ConsoleResource;
import com.lenz.central.ces.core.NodeIdentity;
import com.lenz.central.config.GeneratedSecrets;
import com.lenz.central.credentials.CredentialsModule;
import com.lenz.central.credentials.core.CredentialService;
import com.lenz.central.db.DatabaseModule;
import com.lenz.central.db.DatabaseSetup;
import com.lenz.central.db.Databases;
import com.lenz.central.db.SettingsStore;
import com.lenz.central.events.EventsModule;
import com.lenz.central.events.db.EventStore;
import com.lenz.central.events.core.EventIngestService;
import com.lenz.central.exports.ExportPaths;
import com.lenz.central.exports.ExportsModule;
import com.lenz.central.history.HistoryModule;
import com.lenz.central.http.HttpModule;
import com.lenz.central.http.Tarpit;
import com.lenz.central.logging.LogRedactor;
import com.lenz.central.logging.RequestLogStatus;
import com.lenz.central.metrics.PrometheusModule;
import com.lenz.central.security.AdminPortGuard;
import com.lenz.central.security.HttpsConnector;
import com.lenz.central.plugin.HttpRequestDestinations;
import com.lenz.central.plugin.PluginsModule;
import com.lenz.central.lifecycle.ServerIdentity;
import com.lenz.central.lifecycle.StartMilestones;
import com.lenz.central.throttle.AttemptThrottle;
import com.lenz.central.throttle.ThrottleConfig;
import com.lenz.central.version.ServerVersion;
import com.lenz.central.version.VersionResource;
import com.lenz.central.config.ConfigReportingCommands;
import com.lenz.central.openapi.OpenApiResource;
import com.lenz.central.openapi.SwaggerUi;
import com.lenz.central.security.StartupRefusedException;
import com.lenz.central.workflow.trigger.TriggersModule;
import com.lenz.central.workflow.WorkflowModule;
import com.lenz.central.workflow.engine.ExecutionService;
import com.lenz.central.workflow.db.WorkflowStore;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.Clock;
import java.time.ZoneId;
import org.jdbi.v3.core.Jdbi;

/** Lenz Central: CES and Workflows on one Dropwizard server. Everything is wired here, by hand. */
public class CentralApplication extends Application<CentralConfiguration> {

    private final DatabaseSetup databaseSetup = new DatabaseSetup();
    private NodeIdentity nodeIdentity;

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-v"))) {
            System.out.println(ServerVersion.line()); // with the commit and build time, not only the manifest's version
            return;
        }
        new CentralApplication().run(args);
    }

    /** server and check report a refused configuration as one line per problem naming the variable. */
    @Override
    protected void addDefaultCommands(Bootstrap<CentralConfiguration> bootstrap) {
        bootstrap.addCommand(ConfigReportingCommands.server(this));
        bootstrap.addCommand(ConfigReportingCommands.check(this));
    }

    @Override
    public String getName() {
        return "lenz-central";
    }

    @Override
    public void initialize(Bootstrap<CentralConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.addCommand(ConfigReportingCommands.db(config -> {
            try {
                DataSourceFactory lenz = databaseSetup.resolve(config).lenz();
                databaseSetup.stopWhenTheJvmExits(); // only the db commands ask for this factory
                return lenz;
            } catch (StartupRefusedException refused) {
                throw refused; // one line, e.g. DATA_DIR in use by a running server
            } catch (Exception e) {
                throw new IllegalStateException("cannot prepare the database: " + e.getMessage(), e);
            }
        }, CentralConfiguration.class));
        bootstrap.addCommand(new ResetAdminCommand());
    }

    @Override
    public void run(CentralConfiguration config, Environment env) throws Exception {
        StartMilestones.mark("configuration read, run() begins");
        StartMilestones.markWhenServing(env);
        configureJson(env.getObjectMapper());
        Clock clock = Clock.systemUTC();
        // Secrets masked in every log line from here on; the appenders are those Dropwizard just built.
        LogRedactor.install();
        env.lifecycle().addEventListener(new RequestLogStatus()); // logback-access' start-up chatter: only its warnings
        registerConfiguredSecrets(config);
        AdminPortGuard.apply(config.getServerFactory(), config.getAdminPort(), env);
        HttpsConnector.addTo(config.getServerFactory(), config.getHttps());
        HttpRequestDestinations destinations = HttpRequestDestinations.from(config); // a bad CIDR stops the start here

        // Managed objects start in the order the modules below register them and stop in reverse, so each module
        // comes after what it uses and stops before it: the databases first (they stop last, the embedded
        // cluster after every pool), the triggers, which start executions, last (they stop first).
        Databases databases = databaseSetup.resolve(config);
        DatabaseModule db = new DatabaseModule(databases);
        db.register(env);
        Jdbi lenz = db.lenz();
        Jdbi fremis = db.fremis();

        GeneratedSecrets secrets = new GeneratedSecrets(Path.of(config.getDataDir()));
        String jwtSecret = secrets.resolve(config.getAuth().getJwtSecret(), "jwt-secret");
        LogRedactor.register(jwtSecret);

        // Authentication: first, so that its password pool starts before and stops after what logs in
        ThrottleConfig throttle = config.getThrottle();
        AuthModule auth = new AuthModule(config.getAuth(), throttle, lenz, jwtSecret, clock, env.lifecycle());

        // CES: who this node is; replication (publications on a master, subscriptions on a slave)
        String credentialsKey = secrets.resolve(config.getCredentialsKey(), "credentials-key");
        LogRedactor.register(credentialsKey);
        CesModule ces = new CesModule(config.getCes(), config.getFederation(), lenz, fremis,
                databases.isFremisConfigured(), new SettingsStore(lenz), credentialsKey, env.getObjectMapper(), clock);
        NodeIdentity node = ces.node();
        this.nodeIdentity = node;

        // Events (event triggers listen to the ingest service), credentials, exports
        EventsModule eventsModule = new EventsModule(lenz, env.getObjectMapper());
        eventsModule.register(env);
        EventIngestService events = eventsModule.ingest();
        EventStore eventStore = eventsModule.store();
        CredentialsModule credentialsModule = new CredentialsModule(lenz, credentialsKey, env.getObjectMapper());
        credentialsModule.register(env);
        CredentialService credentials = credentialsModule.service();
        ExportsModule exportsModule = new ExportsModule(Path.of(config.getExportDir()));
        exportsModule.register(env);
        ExportPaths exports = exportsModule.paths();

        // HTTP: errors as JSON envelopes everywhere, body limits, CORS; then authentication and its endpoints
        HttpModule http = new HttpModule(config.getCorsAllowedOrigins());
        http.register(env); // its tarpit timer is managed here, after the password pool
        Tarpit tarpit = http.tarpit();
        auth.register(env, tarpit);
        env.jersey().register(new VersionResource());
        env.jersey().register(new OpenApiResource()); // the document covers every resource Jersey serves
        SwaggerUi.register(env);

        // CES nodes: config, metrics from slaves to the master, federation, the slave's reporter, replication
        ces.register(env);

        // Plugins: their jars, node types, and what running nodes may use (before the executions: they stop after)
        ObjectMapper json = env.getObjectMapper();
        PluginsModule plugins = new PluginsModule(config, lenz, json, destinations, credentials, exports);
        plugins.register(env);

        // Executions record this server as their owner; its identity outlives restarts (see ServerIdentity).
        String serverId = ServerIdentity.register(env, Path.of(config.getDataDir()), node.id()).id();

        // Workflows: templates, the execution engine and its heartbeat, endpoints
        WorkflowModule workflowModule = new WorkflowModule(config.getWorkflows(), lenz, json, clock, plugins.nodeTypes(),
                plugins.nodeServices(), serverId);
        workflowModule.register(env);
        WorkflowStore workflowStore = workflowModule.workflowStore();
        ExecutionService executions = workflowModule.executions();

        // Triggers: cron schedules claimed in the database, webhooks, and runs queued by ingested events
        TriggersModule triggers = new TriggersModule(config.getScheduler(), ZoneId.of(config.getSchedulerTimezone()),
                throttle, lenz, json, clock, workflowStore, executions, serverId, eventStore, events, tarpit, env.metrics());
        triggers.register(env);

        // Execution history: retention of executions, events and export files; GET /api/executions
        new HistoryModule(config.getHistory(), lenz, exports.root(), executions, clock).register(env);

        // Prometheus on the admin port: the Dropwizard registry and what the features report
        PrometheusModule prometheus = new PrometheusModule(env);
        prometheus.watch(executions);
        prometheus.watch(triggers.scheduler());
        prometheus.watch(events);
        prometheus.watchCes(config.getCes(), lenz, clock, ces.replication());

        // Operator console: static pages at /console that call the API above with the user's token
        env.jersey().register(new ConsoleResource());
        StartMilestones.mark("run() done (modules wired), Jetty starting");
    }

    /** Secrets config.yml gives (the generated ones are registered where they are resolved). */
    private static void registerConfiguredSecrets(CentralConfiguration config) {
        LogRedactor.register(config.getAuth().getJwtSecret());
        // ADMIN_PASSWORD; a generated first password is logged once on purpose (AdminBootstrap), never masked.
        LogRedactor.register(config.getAuth().getAdminPassword());
        LogRedactor.register(config.getCredentialsKey());
        LogRedactor.register(config.getCes().getMasterApiKey());
        LogRedactor.register(config.getAdminPort().getPassword());
        LogRedactor.registerBasic(config.getAdminPort().getUser(), config.getAdminPort().getPassword());
        LogRedactor.register(config.getHttps().getKeyStorePassword());
        config.getFederation().getInstances().forEach(instance -> LogRedactor.register(instance.getToken()));
    }

    /** A start that failed after the embedded PostgreSQL started must not leave it running. */
    @Override
    protected void onFatalError(Throwable t) {
        databaseSetup.stopEmbedded();
        super.onFatalError(t);
    }

    /** This node's CES identity, once {@link #run} has resolved it. */
    public NodeIdentity nodeIdentity() {
        return nodeIdentity;
    }

    /**
     * snake_case fields, timestamps always as {@code 2025-12-24T12:30:00Z} (UTC, whole seconds: one fixed
     * form clients can parse with one pattern), and tolerance of fields we do not know.
     */
    static void configureJson(ObjectMapper mapper) {
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.registerModule(new SimpleModule("rfc3339-seconds").addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.truncatedTo(ChronoUnit.SECONDS).toString());
            }
        }));
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }
}
