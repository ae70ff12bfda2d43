package com.lenz.central.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The rules every JSON request body must follow, on the bytes alone. */
@Tag("faults")
class JsonBodyRulesTest {

    private static String refusal(byte[] body) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> JsonBodyRules.check(body));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.status()).isEqualTo(400);
        return e.error();
    }

    private static String refusal(String body) {
        return refusal(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String nested(int levels) {
        return "[".repeat(levels) + "]".repeat(levels);
    }

    @Test
    void sixtyFourLevelsPassSixtyFiveAreRefusedNamingTheLimit() {
        assertThatCode(() -> JsonBodyRules.check(nested(64).getBytes(StandardCharsets.UTF_8))).doesNotThrowAnyException();

        assertThat(refusal(nested(65))).contains("deeper than the limit of 64 levels").contains("column 65");
        assertThat(refusal("{\"a\":" + nested(64) + "}")).contains("64 levels");
        assertThat(refusal(nested(100_000))).contains("64 levels");
    }

    @Test
    void numbersOutsideDoubleRangeAreRefusedNamingTheField() {
        assertThat(refusal("{\"nodes\":[{\"config\":{\"x\":1e999999999}}]}"))
                .contains("field 'nodes[0].config.x'").contains("finite");
        assertThat(refusal("[-1e400]")).contains("field '[0]'");
        assertThat(refusal("1e309")).contains("the number");
        assertThatCode(() -> JsonBodyRules.check("{\"x\": 1.7976931348623157e308, \"y\": 123456789012345678901234567890}"
                .getBytes(StandardCharsets.UTF_8))).doesNotThrowAnyException();
    }

    @Test
    void loneSurrogatesAreRefusedButPairsPass() {
        assertThat(refusal("{\"name\":\"ab\\ud800cd\"}")).contains("field 'name'").contains("lone surrogate");
        assertThat(refusal("{\"name\":\"\\udc00\"}")).contains("lone surrogate");
        assertThat(refusal("{\"a\\ud800\":1}")).contains("field name").contains("lone surrogate");
        assertThat(refusal("\"\\ud83d\"")).contains("request body");
        assertThatCode(() -> JsonBodyRules.check("{\"smile\":\"\\ud83d\\ude00 \uD83D\uDE00\"}".getBytes(StandardCharsets.UTF_8)))
                .doesNotThrowAnyException();
    }

    @Test
    void invalidUtf8IsRefusedWithItsOffset() {
        assertThat(refusal(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'}))
                .contains("not valid UTF-8").contains("offset 6");
        // An overlong '/' and a surrogate encoded in UTF-8 (CESU): both are invalid UTF-8.
        assertThat(refusal(new byte[] {'"', (byte) 0xc0, (byte) 0xaf, '"'})).contains("UTF-8");
        assertThat(refusal(new byte[] {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'})).contains("UTF-8");
        // Truncated at the end of the body.
        assertThat(refusal(new byte[] {'"', (byte) 0xe2, (byte) 0x82})).contains("UTF-8");
    }

    @Test
    void malformedOrEmptyBodiesAreLeftToTheCallersParser() {
        assertThatCode(() -> JsonBodyRules.check(new byte[0])).doesNotThrowAnyException();
        assertThatCode(() -> JsonBodyRules.check(null)).doesNotThrowAnyException();
        assertThatCode(() -> JsonBodyRules.check("{\"a\": ".getBytes(StandardCharsets.UTF_8))).doesNotThrowAnyException();
        assertThatCode(() -> JsonBodyRules.check("hello=world".getBytes(StandardCharsets.UTF_8))).doesNotThrowAnyException();
    }
}
