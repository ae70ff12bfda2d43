package com.lenz.central.credentials.core;

import com.lenz.central.logging.LogRedactor;
import java.util.Map;

/**
 * Registers the secret fields of a credential's data with the log redactor whenever the server holds
 * them in clear (saved, or decrypted for a node). Names, usernames, chat ids and base URLs are not
 * secrets, and masking them would garble ordinary lines.
 */
final class CredentialLogSecrets {

    private CredentialLogSecrets() {
    }

    static void register(String type, Map<String, String> data) {
        LogRedactor.register(data.get("bot_token"));
        LogRedactor.register(data.get("value"));
        if (CredentialType.HTTP_BASIC.wire().equals(type)) {
            LogRedactor.registerBasic(data.get("username"), data.get("password"));
        } else {
            LogRedactor.register(data.get("password"));
        }
    }
}
