package com.lenz.central;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.lenz.central.auth.AdminBootstrap;
import com.lenz.central.auth.AuthFilter;
import com.lenz.central.auth.AuthResource;
import com.lenz.central.auth.AuthService;
import com.lenz.central.auth.PasswordHasher;
import com.lenz.central.auth.ResetAdminCommand;
import com.lenz.central.auth.PasswordVerifier;
import com.lenz.central.auth.SessionStore;
import com.lenz.central.auth.TokenService;
import com.lenz.central.auth.UserResource;
import com.lenz.central.auth.UserService;
import com.lenz.central.auth.UserStore;
import com.lenz.central.ces.CesConfigResource;
import com.lenz.central.ces.CesMetricsResource;
import com.lenz.central.ces.CesMetricsService;
import com.lenz.central.ces.CesNodeStore;
import com.lenz.central.ces.EnrollmentCounter;
import com.lenz.central.ces.FederationClient;
import com.lenz.central.ces.HeartbeatWriter;
import com.lenz.central.ces.NodeIdentity;
import com.lenz.central.ces.PingResource;
import com.lenz.central.ces.ReporterHealthCheck;
import com.lenz.central.ces.SlaveReporter;
import com.lenz.central.ces.replication.ReplicationClients;
import com.lenz.central.ces.replication.ReplicationManager;
import com.lenz.central.ces.replication.ReplicationResource;
import com.lenz.central.ces.replication.StoredConnections;
import com.lenz.central.config.GeneratedSecrets;
import com.lenz.central.credentials.CredentialCipher;
import com.lenz.central.credentials.CredentialResource;
import com.lenz.central.credentials.CredentialService;
import com.lenz.central.credentials.CredentialStore;
import com.lenz.central.db.DatabaseAvailability;
import com.lenz.central.db.DatabaseSetup;
import com.lenz.central.db.JdbiSetup;
import com.lenz.central.db.SchemaMigrator;
import com.lenz.central.db.SettingsStore;
import com.lenz.central.events.EventHistoryReader;
import com.lenz.central.events.EventIngestService;
import com.lenz.central.events.EventResource;
import com.lenz.central.events.EventStore;
import com.lenz.central.exports.ExportPaths;
import com.lenz.central.exports.ExportResource;
import com.lenz.central.http.ApiExceptionMapper;
import com.lenz.central.http.DomainExceptionMapper;
import com.lenz.central.http.BodySizeLimitFilter;
import com.lenz.central.http.CrossOrigin;
import com.lenz.central.http.JsonErrorHandler;
import com.lenz.central.http.JsonBodyRules;
import com.lenz.central.http.JsonErrorMapper;
import com.lenz.central.http.NulCharacters;
import com.lenz.central.http.Tarpit;
import com.lenz.central.http.UnexpectedErrorMapper;
import com.lenz.central.http.UrlEncodingFilter;
import com.lenz.central.http.ValidationErrorMapper;
import com.lenz.central.http.WebApplicationExceptionMapper;
import com.lenz.central.logging.LogRedactor;
import com.lenz.central.security.AdminPortGuard;
import com.lenz.central.security.HttpsConnector;
import com.lenz.central.plugin.HttpRequestDestinations;
import com.lenz.central.lifecycle.ServerIdentity;
import com.lenz.central.plugin.NodeServices;
import com.lenz.central.plugin.NodeTypeRegistry;
import com.lenz.central.plugin.PluginLoader;
import com.lenz.central.plugin.PluginsHealthCheck;
import com.lenz.central.throttle.AttemptThrottle;
import com.lenz.central.throttle.ThrottleConfig;
import com.lenz.central.workflow.WorkflowModule;
import com.lenz.central.workflow.engine.ExecutionService;
import com.lenz.central.workflow.db.WorkflowStore;
import com.lenz.central.workflow.trigger.EventTriggerDispatcher;
import com.lenz.central.workflow.trigger.EventTriggerStore;
import com.lenz.central.workflow.trigger.ScheduleClaimStore;
import com.lenz.central.workflow.trigger.ScheduleRunner;
import com.lenz.central.workflow.trigger.SchedulerHealthCheck;
import com.lenz.central.workflow.trigger.WebhookResource;
import com.lenz.central.workflow.trigger.WebhookService;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.migrations.MigrationsBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import org.jdbi.v3.core.Jdbi;

/** Lenz Central: CES and Workflows on one Dropwizard server. Everything is wired here, by hand. */
public class CentralApplication extends Application<CentralConfiguration> {

    private final DatabaseSetup databases = new DatabaseSetup();
    private NodeIdentity nodeIdentity;

    public static void main(String[] args) throws Exception {
        new CentralApplication().run(args);
    }

    @Override
    public String getName() {
        return "lenz-central";
    }

    @Override
    public void initialize(Bootstrap<CentralConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.addBundle(new MigrationsBundle<>() {
            @Override
            public DataSourceFactory getDataSourceFactory(CentralConfiguration config) {
                try {
                    databases.prepare(config);
                    databases.stopWhenTheJvmExits(); // only the db commands ask for this factory
                } catch (Exception e) {
                    throw new IllegalStateException("cannot prepare the database: " + e.getMessage(), e);
                }
                return config.getDatabase();
            }
        });
        bootstrap.addCommand(new ResetAdminCommand());
    }

    @Override
    public void run(CentralConfiguration config, Environment env) throws Exception {
        configureJson(env.getObjectMapper());
        Clock clock = Clock.systemUTC();
        // Secrets masked in every log line from here on; the appenders are those Dropwizard just built.
        LogRedactor.install();
        registerConfiguredSecrets(config);
        AdminPortGuard.apply(config.getServerFactory(), config.getAdminPort(), env);
        HttpsConnector.addTo(config.getServerFactory(), config.getHttps());
        HttpRequestDestinations destinations = HttpRequestDestinations.from(config); // a bad CIDR stops the start here

        // The embedded cluster (if any) is registered first so that it stops last, after the pools.
        databases.prepare(config).ifPresent(env.lifecycle()::manage);
        // The passwords are known now: given, or the embedded cluster's generated one.
        LogRedactor.register(config.getDatabase().getPassword());
        LogRedactor.register(config.getFremisDatabase().getPassword());
        JdbiFactory jdbiFactory = new JdbiFactory();
        // Watched pools: a connection a failure left mid-stream is dropped, never handed to the next
        // request; an outage is logged once and purges the pool.
        Jdbi lenz = JdbiSetup.configure(DatabaseAvailability.watch(env, jdbiFactory, config.getDatabase(), "lenz-database"));
        Jdbi fremis = JdbiSetup.configure(DatabaseAvailability.watch(env, jdbiFactory, config.getFremisDatabase(), "fremis-database"));
        SchemaMigrator.migrate(config.getDatabase(), SchemaMigrator.LENZ_CHANGELOG);
        if (config.isManageFremisSchema()) {
            SchemaMigrator.migrate(config.getFremisDatabase(), SchemaMigrator.FREMIS_CHANGELOG);
        }

        GeneratedSecrets secrets = new GeneratedSecrets(Path.of(config.getDataDir()));
        String jwtSecret = secrets.resolve(config.getAuth().getJwtSecret(), "jwt-secret");
        LogRedactor.register(jwtSecret);

        // Authentication
        UserStore users = new UserStore(lenz);
        SessionStore sessions = new SessionStore(lenz);
        PasswordHasher hasher = new PasswordHasher();
        TokenService tokens = new TokenService(jwtSecret, config.getAuth().getAccessTokenTtl().toJavaDuration(), clock);
        // bcrypt on a bounded pool (a login flood cannot take every core); failed logins throttled
        ThrottleConfig throttle = config.getThrottle();
        PasswordVerifier passwords = new PasswordVerifier(hasher, env.lifecycle().executorService("password-hash-%d")
                .minThreads(throttle.getPasswordHashThreads()).maxThreads(throttle.getPasswordHashThreads())
                .workQueue(throttle.getPasswordHashQueue() == 0 ? new SynchronousQueue<>()
                        : new ArrayBlockingQueue<>(throttle.getPasswordHashQueue()))
                .rejectedExecutionHandler(new ThreadPoolExecutor.AbortPolicy()).build());
        AuthService auth = new AuthService(users, sessions, tokens, passwords,
                new AttemptThrottle("logins", throttle, clock), config.getAuth().getRefreshTokenTtl().toJavaDuration(), clock);
        AdminBootstrap.ensureAdmin(users, hasher, config.getAuth());
        sessions.purgeEnded();

        // CES: who this node is
        SettingsStore settings = new SettingsStore(lenz);
        NodeIdentity node = NodeIdentity.resolve(config.getCes(), settings);
        this.nodeIdentity = node;

        // CES replication: publications on a master, subscriptions on a slave, and their status
        String credentialsKey = secrets.resolve(config.getCredentialsKey(), "credentials-key");
        LogRedactor.register(credentialsKey);
        ReplicationClients replicationClients = new ReplicationClients(lenz);
        ReplicationManager replication = new ReplicationManager(config.getCes(), node, lenz, fremis,
                databases.isFremisConfigured(), new StoredConnections(settings, credentialsKey), replicationClients);
        env.jersey().register(new ReplicationResource(replication));

        // Plugins
        PluginLoader plugins = new PluginLoader(Path.of(config.getPluginsDir()));
        env.lifecycle().manage(plugins);
        env.healthChecks().register("plugins", new PluginsHealthCheck(plugins));

        // Events: ingest and history (event triggers listen to the ingest service)
        EventIngestService events = new EventIngestService(new EventStore(lenz), env.getObjectMapper());
        env.jersey().register(new EventResource(events));

        // Credentials: encrypted at rest under CREDENTIALS_KEY
        CredentialCipher cipher = new CredentialCipher(credentialsKey);
        CredentialService credentials = new CredentialService(new CredentialStore(lenz), cipher, env.getObjectMapper());
        env.jersey().register(new CredentialResource(credentials));

        // Exports: files written by nodes under EXPORT_DIR, downloadable
        ExportPaths exports = new ExportPaths(Path.of(config.getExportDir()));
        env.jersey().register(new ExportResource(exports));

        // HTTP: errors as JSON envelopes everywhere, body limits, authentication, resources
        env.getApplicationContext().setErrorHandler(JsonErrorHandler.forContext());
        env.lifecycle().addServerLifecycleListener(server -> server.setErrorHandler(JsonErrorHandler.forServer()));
        env.jersey().register(new ApiExceptionMapper());
        env.jersey().register(new DomainExceptionMapper());
        env.jersey().register(new JsonErrorMapper());
        env.jersey().register(new ValidationErrorMapper());
        env.jersey().register(new WebApplicationExceptionMapper());
        env.jersey().register(new UnexpectedErrorMapper());
        env.jersey().register(new BodySizeLimitFilter.Feature());
        env.jersey().register(new JsonBodyRules.Interceptor());
        env.jersey().register(new NulCharacters.InUrlFilter());
        env.jersey().register(new UrlEncodingFilter());
        env.jersey().register(new AuthFilter.Feature(auth));
        // CORS for browser apps: preflights of allowed origins are answered before authentication sees them.
        CrossOrigin.fromConfig(config.getCorsAllowedOrigins()).ifPresent(env.getApplicationContext()::insertHandler);

        env.jersey().register(new PingResource());
        Tarpit tarpit = new Tarpit(env.lifecycle().scheduledExecutorService("tarpit").build(), java.time.Duration.ofSeconds(1));
        env.jersey().register(new AuthResource(auth, tarpit));
        env.jersey().register(new UserResource(new UserService(users, hasher, auth)));

        // CES nodes: config, metrics from slaves to the master, federation, the slave's reporter
        EnrollmentCounter enrollments = new EnrollmentCounter(lenz);
        CesNodeStore cesNodes = new CesNodeStore(lenz);
        HeartbeatWriter heartbeats = new HeartbeatWriter(cesNodes, clock);
        env.lifecycle().manage(heartbeats);
        CesMetricsService cesMetrics = new CesMetricsService(config.getCes(), node, cesNodes, heartbeats, enrollments,
                replicationClients, env.getObjectMapper(), clock);
        cesMetrics.registerSelf();
        env.jersey().register(new CesConfigResource(config.getCes()));
        env.jersey().register(new CesMetricsResource(cesMetrics,
                new FederationClient(config.getFederation().getInstances(), env.getObjectMapper())));
        if (config.getCes().isEnabled() && !config.getCes().isMaster()) {
            SlaveReporter reporter = new SlaveReporter(config.getCes(), node, enrollments, env.getObjectMapper(), clock);
            env.lifecycle().manage(reporter);
            env.healthChecks().register("ces-reporter", new ReporterHealthCheck(reporter, config.getCes(), clock));
        }

        // Workflows: node types from the plugins, templates, the execution engine and its heartbeat, endpoints
        ObjectMapper json = env.getObjectMapper();
        NodeTypeRegistry nodeTypes = new NodeTypeRegistry(plugins, json);
        env.lifecycle().manage(nodeTypes); // after the plugin loader: it reads their nodes once they have started
        env.healthChecks().register("node-types", nodeTypes.healthCheck());
        EventHistoryReader history = new EventHistoryReader(lenz, json);
        env.lifecycle().manage(history); // before the executions: stops after them
        NodeServices nodeServices = new NodeServices(credentials::lookup, exports, history,
                destinations.addTo(
                Map.of("scheduler_timezone", config.getSchedulerTimezone(), "telegram_api_url", config.getTelegramApiUrl())));
        env.lifecycle().addServerLifecycleListener(destinations::serverStarted);
        // Executions record this server as their owner; its identity outlives restarts (see ServerIdentity).
        ServerIdentity serverIdentity = ServerIdentity.acquire(Path.of(config.getDataDir()), node.id());
        env.lifecycle().manage(serverIdentity);
        String serverId = serverIdentity.id();
        WorkflowModule workflowModule = new WorkflowModule(config.getWorkflows(), lenz, json, clock, nodeTypes,
                nodeServices, serverId);
        workflowModule.register(env);
        WorkflowStore workflowStore = workflowModule.workflowStore();
        ExecutionService executions = workflowModule.executions();

        // Triggers: cron schedules claimed in the database, webhooks, and runs queued by ingested events
        ScheduleRunner scheduler = new ScheduleRunner(workflowStore, new ScheduleClaimStore(lenz), executions,
                config.getScheduler(), ZoneId.of(config.getSchedulerTimezone()), serverId, env.metrics(), clock);
        env.lifecycle().manage(scheduler);
        env.healthChecks().register("scheduler", new SchedulerHealthCheck(scheduler, clock));
        env.jersey().register(new WebhookResource(new WebhookService(workflowStore, executions, json,
                new AttemptThrottle("webhook tokens", throttle, clock)), tarpit));
        EventTriggerDispatcher eventTriggers = new EventTriggerDispatcher(new EventTriggerStore(lenz, json),
                workflowStore, executions, serverId);
        events.addListener(eventTriggers);
        env.lifecycle().manage(eventTriggers);
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
        databases.stopEmbedded();
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
