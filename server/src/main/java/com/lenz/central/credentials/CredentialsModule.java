package com.lenz.central.credentials;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.credentials.api.CredentialResource;
import com.lenz.central.credentials.core.CredentialCipher;
import com.lenz.central.credentials.core.CredentialService;
import com.lenz.central.credentials.db.CredentialStore;
import io.dropwizard.core.setup.Environment;
import org.jdbi.v3.core.Jdbi;

/** Credentials: encrypted at rest under CREDENTIALS_KEY, managed over the API, looked up by nodes. */
public final class CredentialsModule {

    private final CredentialService credentials;

    public CredentialsModule(Jdbi lenz, String credentialsKey, ObjectMapper json) {
        credentials = new CredentialService(lenz.onDemand(CredentialStore.class), new CredentialCipher(credentialsKey), json);
    }

    public void register(Environment env) {
        env.jersey().register(new CredentialResource(credentials));
    }

    public CredentialService service() {
        return credentials;
    }
}
