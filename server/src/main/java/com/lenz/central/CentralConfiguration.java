package com.lenz.central;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.lenz.central.auth.AuthConfig;
import com.lenz.central.ces.CesConfig;
import com.lenz.central.ces.FederationConfig;
import com.lenz.central.plugin.PluginsConfig;
import com.lenz.central.security.AdminPortConfig;
import com.lenz.central.security.HttpsConfig;
import com.lenz.central.workflow.trigger.core.SchedulerConfig;
import com.lenz.central.throttle.ThrottleConfig;
import com.lenz.central.workflow.WorkflowsConfig;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** config.yml: every value there comes from an environment variable with a default (README, Configuration). */
public class CentralConfiguration extends Configuration {

    /** The Lenz database; an empty url means "start the embedded PostgreSQL". */
    @Valid @NotNull @JsonProperty
    private DataSourceFactory database = new DataSourceFactory();

    /** The Fremis database; an empty url means database {@code fremis} next to the Lenz one. */
    @Valid @NotNull @JsonProperty
    private DataSourceFactory fremisDatabase = new DataSourceFactory();

    /**
     * Whether this server creates the Fremis tables. Always true on the embedded default; a real Fremis
     * owns its schema.
     */
    @JsonProperty
    private boolean manageFremisSchema = false;

    @NotNull @JsonProperty
    private String dataDir = "./data";

    @Min(1) @Max(65535) @JsonProperty
    private int embeddedDbPort = 54329;

    @Valid @NotNull @JsonProperty
    private AuthConfig auth = new AuthConfig();

    /** AES-256 key (base64) for stored credentials; generated into dataDir when empty. */
    @JsonProperty
    private String credentialsKey = "";

    @Valid @NotNull @JsonProperty
    private CesConfig ces = new CesConfig();

    @Valid @NotNull @JsonProperty
    private FederationConfig federation = new FederationConfig();

    /** Empty or unset: DATA_DIR/plugins. */
    @JsonProperty
    private String pluginsDir = "";

    /** The plugins the build produced; read besides the vendor folder {@link #getPluginsDir()}. */
    @NotNull @JsonProperty
    private String bundledPluginsDir = "./target/plugins";

    @NotNull @JsonProperty
    private String exportDir = "./data/exports";

    /** Settings handed to plugins, e.g. TELEGRAM_API_URL as {@code telegram_api_url}. */
    @Valid @NotNull @JsonProperty
    private PluginsConfig plugins = new PluginsConfig();

    @NotNull @JsonProperty
    private String schedulerTimezone = "UTC";

    /** Comma-separated addresses/CIDR blocks the http_request node must not reach (HTTP_REQUEST_DENY). */
    @JsonProperty
    private String httpRequestDeny = "";

    /** Comma-separated addresses/CIDR blocks it may reach although refused by default (HTTP_REQUEST_ALLOW). */
    @JsonProperty
    private String httpRequestAllow = "";

    @Valid @NotNull @JsonProperty
    private SchedulerConfig scheduler = new SchedulerConfig();

    @Valid @NotNull @JsonProperty
    private WorkflowsConfig workflows = new WorkflowsConfig();

    /** HTTP basic credentials of the admin port (needed when it is bound to more than loopback). */
    @Valid @NotNull @JsonProperty
    private AdminPortConfig adminPort = new AdminPortConfig();

    /** The optional HTTPS application connector. */
    @Valid @NotNull @JsonProperty
    private HttpsConfig https = new HttpsConfig();

    public AdminPortConfig getAdminPort() {
        return adminPort;
    }

    public HttpsConfig getHttps() {
        return https;
    }

    @Valid @NotNull @JsonProperty
    private ThrottleConfig throttle = new ThrottleConfig();

    public DataSourceFactory getDatabase() {
        return database;
    }

    public DataSourceFactory getFremisDatabase() {
        return fremisDatabase;
    }

    public boolean isManageFremisSchema() {
        return manageFremisSchema;
    }

    public String getDataDir() {
        return dataDir;
    }

    public int getEmbeddedDbPort() {
        return embeddedDbPort;
    }

    public AuthConfig getAuth() {
        return auth;
    }

    public String getCredentialsKey() {
        return credentialsKey;
    }

    public CesConfig getCes() {
        return ces;
    }

    public FederationConfig getFederation() {
        return federation;
    }

    public String getPluginsDir() {
        return pluginsDir;
    }

    /** The vendor plugins folder: PLUGINS_DIR, or DATA_DIR/plugins when it is empty. */
    public String vendorPluginsDir() {
        return pluginsDir == null || pluginsDir.isBlank() ? java.nio.file.Path.of(dataDir, "plugins").toString() : pluginsDir;
    }

    public String getBundledPluginsDir() {
        return bundledPluginsDir;
    }

    public String getExportDir() {
        return exportDir;
    }

    public PluginsConfig getPlugins() {
        return plugins;
    }

    public String getSchedulerTimezone() {
        return schedulerTimezone;
    }

    public SchedulerConfig getScheduler() {
        return scheduler;
    }

    public WorkflowsConfig getWorkflows() {
        return workflows;
    }

    /** Origins of browser apps allowed to call the API (CORS_ALLOWED_ORIGINS, comma-separated); empty: none. */
    @JsonProperty
    private String corsAllowedOrigins = "";

    public String getCorsAllowedOrigins() {
        return corsAllowedOrigins;
    }

    public String getHttpRequestDeny() {
        return httpRequestDeny;
    }

    public String getHttpRequestAllow() {
        return httpRequestAllow;
    }

    public ThrottleConfig getThrottle() {
        return throttle;
    }
}
