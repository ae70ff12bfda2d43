package com.lenz.central.auth;

import com.lenz.central.auth.api.AuthFilter;
import com.lenz.central.auth.api.AuthResource;
import com.lenz.central.auth.api.UserResource;
import com.lenz.central.auth.core.AdminBootstrap;
import com.lenz.central.auth.core.AuthService;
import com.lenz.central.auth.core.PasswordHasher;
import com.lenz.central.auth.core.PasswordVerifier;
import com.lenz.central.auth.core.TokenService;
import com.lenz.central.auth.core.UserService;
import com.lenz.central.auth.db.SessionStore;
import com.lenz.central.auth.db.UserStore;
import com.lenz.central.http.Tarpit;
import com.lenz.central.throttle.AttemptThrottle;
import com.lenz.central.throttle.ThrottleConfig;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import org.jdbi.v3.core.Jdbi;

/**
 * Authentication: users, sessions, tokens, the bearer-token filter, login and user endpoints. Built
 * early (the password pool is a managed object; the admin must exist before the server answers).
 */
public final class AuthModule {

    private final UserStore users;
    private final PasswordHasher hasher = new PasswordHasher();
    private final AuthService auth;

    public AuthModule(AuthConfig config, ThrottleConfig throttle, Jdbi lenz, String jwtSecret, Clock clock,
            LifecycleEnvironment lifecycle) {
        users = lenz.onDemand(UserStore.class);
        SessionStore sessions = lenz.onDemand(SessionStore.class);
        TokenService tokens = new TokenService(jwtSecret, config.getAccessTokenTtl().toJavaDuration(), clock);
        PasswordVerifier passwords = new PasswordVerifier(hasher, passwordHashPool(throttle, lifecycle),
                throttle.getPasswordHashThreads() + throttle.getPasswordHashQueue());
        auth = new AuthService(users, sessions, tokens, passwords, new AttemptThrottle("logins", throttle, clock),
                config.getRefreshTokenTtl().toJavaDuration(), clock);
        AdminBootstrap.ensureAdmin(users, hasher, config);
        sessions.purgeEnded();
    }

    /** bcrypt on a few threads: a login flood cannot take every core (the verifier admits threads + queue, beyond: 503 busy). */
    private static ExecutorService passwordHashPool(ThrottleConfig throttle, LifecycleEnvironment lifecycle) {
        return lifecycle.executorService("password-hash-%d")
                .minThreads(throttle.getPasswordHashThreads()).maxThreads(throttle.getPasswordHashThreads())
                .workQueue(new LinkedBlockingQueue<>()).build();
    }

    /** The bearer-token filter, and the login and user endpoints (refusals paced by {@code tarpit}). */
    public void register(Environment env, Tarpit tarpit) {
        env.jersey().register(new AuthFilter.Feature(auth));
        env.jersey().register(new AuthResource(auth, tarpit));
        env.jersey().register(new UserResource(new UserService(users, hasher, auth)));
    }

    public AuthService service() {
        return auth;
    }
}
