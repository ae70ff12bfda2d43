package com.lenz.central.http;

import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.EnumSet;

/**
 * The HTTP edge every feature shares: errors as JSON envelopes everywhere (Jetty's and Jersey's), body
 * limits and input rules, CORS, and the tarpit that paces throttled answers.
 */
public final class HttpModule {

    private final String corsAllowedOrigins;
    private Tarpit tarpit;

    public HttpModule(String corsAllowedOrigins) {
        this.corsAllowedOrigins = corsAllowedOrigins;
    }

    public void register(Environment env) {
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
        env.jersey().register(new KnownQueryParameters());
        // CORS for browser apps: preflights of allowed origins are answered before authentication sees them.
        CrossOrigin.fromConfig(corsAllowedOrigins).ifPresent(env.getApplicationContext()::insertHandler);
        tarpit = new Tarpit(env.lifecycle().scheduledExecutorService("tarpit").build(), Duration.ofSeconds(1));
        // Every answer carries X-Request-Id (first filter on both ports); the request log prints it.
        env.servlets().addFilter("request-id", new RequestIdFilter())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        env.admin().addFilter("request-id", new RequestIdFilter())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }

    /** Paces throttled answers (login, webhook tokens); available once {@link #register} ran. */
    public Tarpit tarpit() {
        return tarpit;
    }
}
