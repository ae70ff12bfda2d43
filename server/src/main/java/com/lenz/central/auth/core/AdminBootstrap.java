package com.lenz.central.auth.core;

import com.lenz.central.auth.AuthConfig;
import com.lenz.central.auth.Role;
import com.lenz.central.auth.db.UserStore;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a database with no user, creates the first admin from ADMIN_USERNAME / ADMIN_PASSWORD, or with a
 * random password that is logged this one time (the only secret ever logged, by the contract).
 */
public final class AdminBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);

    private AdminBootstrap() {
    }

    public static void ensureAdmin(UserStore users, PasswordHasher hasher, AuthConfig config) {
        if (users.count() > 0) {
            return;
        }
        String password = config.getAdminPassword();
        boolean generated = password == null || password.isBlank();
        if (generated) {
            byte[] bytes = new byte[18];
            new SecureRandom().nextBytes(bytes);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } else {
            String problem = PasswordHasher.problemWith(password);
            if (problem != null) {
                throw new IllegalStateException("ADMIN_PASSWORD is not usable: " + problem);
            }
        }
        boolean created = users.create(config.getAdminUsername(), "Administrator", null, Role.ADMIN, hasher.hash(password))
                .isPresent();
        if (!created) {
            return; // another server sharing the database created it first
        }
        if (generated) {
            LOG.warn("Created the first admin '{}' with the generated password: {}  (shown once; set ADMIN_PASSWORD to choose it)",
                    config.getAdminUsername(), password);
        } else {
            LOG.info("Created the first admin '{}' from ADMIN_PASSWORD", config.getAdminUsername());
        }
    }
}
