package com.lenz.central.credentials.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void roundTripsAndNeverRepeatsCiphertext() {
        CredentialCipher cipher = new CredentialCipher(KEY);

        byte[] a = cipher.encrypt("cred-1", "{\"bot_token\":\"secret\"}");
        byte[] b = cipher.encrypt("cred-1", "{\"bot_token\":\"secret\"}");

        assertThat(cipher.decrypt("cred-1", a)).isEqualTo("{\"bot_token\":\"secret\"}");
        assertThat(a).isNotEqualTo(b);
        assertThat(new String(a, StandardCharsets.ISO_8859_1)).doesNotContain("secret");
    }

    @Test
    void anotherKeyOrAnotherRowCannotDecrypt() {
        byte[] sealed = new CredentialCipher(KEY).encrypt("cred-1", "data");

        assertThatThrownBy(() -> new CredentialCipher(OTHER_KEY).decrypt("cred-1", sealed))
                .hasMessageContaining("CREDENTIALS_KEY");
        assertThatThrownBy(() -> new CredentialCipher(KEY).decrypt("cred-2", sealed))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aKeyThatIsNot256BitsIsRefusedAtStart() {
        assertThatThrownBy(() -> new CredentialCipher(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new CredentialCipher("not base64 !!")).hasMessageContaining("base64");
    }
}
