package com.lenz.central.plugins.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.plugin.api.Credential;
import com.lenz.central.plugin.api.NodeConfigException;
import com.lenz.central.plugin.api.RetryableNodeException;
import com.lenz.central.plugin.testkit.TestNodeContext;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelegramNodesTest {

    private static final String TOKEN = "123456:AAH-secret-token";
    private FakeTelegram telegram;
    @TempDir
    Path exports;

    @BeforeEach
    void start() throws Exception {
        telegram = new FakeTelegram();
        Files.createDirectories(exports.resolve("fr"));
        Files.writeString(exports.resolve("fr/2025-04-29.csv"), "event_id,name\n1,Budi\n");
    }

    @AfterEach
    void stop() {
        telegram.close();
    }

    private TestNodeContext context(Map<String, Object> config) {
        return TestNodeContext.withConfig(config).exportRoot(exports)
                .withSetting("telegram_api_url", telegram.url())
                .credential(new Credential("cred-tg-001", "telegram_bot", Map.of("bot_token", TOKEN, "chat_id", "-100123")));
    }

    @Test
    void sendDocumentCarriesTheTokenInThePathTheChatTheCaptionAndTheFile() throws Exception {
        Map<String, Object> output = new TelegramSendAttachmentNode().execute(context(Map.of("credential_id", "cred-tg-001",
                "file", "/exports/fr/2025-04-29.csv", "caption", "Laporan FR harian — 2025-04-29"))).output();

        assertThat(output).containsEntry("message_id", 42L).containsEntry("chat_id", "-100123");
        FakeTelegram.Call call = telegram.calls.get(0);
        assertThat(call.path()).isEqualTo("/bot" + TOKEN + "/sendDocument");
        assertThat(call.contentType()).startsWith("multipart/form-data");
        assertThat(call.body()).contains("name=\"chat_id\"").contains("-100123")
                .contains("name=\"caption\"").contains("Laporan FR harian — 2025-04-29")
                .contains("name=\"document\"; filename=\"2025-04-29.csv\"").contains("event_id,name\n1,Budi\n");
    }

    @Test
    void sendMessagePostsJson() throws Exception {
        Map<String, Object> output = new TelegramSendMessageNode().execute(context(Map.of("credential_id", "cred-tg-001",
                "text", "Alert: <b>Budi</b>", "parse_mode", "HTML"))).output();

        assertThat(output).containsEntry("message_id", 42L);
        assertThat(telegram.calls.get(0).path()).endsWith("/sendMessage");
        assertThat(telegram.calls.get(0).body()).isEqualTo("{\"chat_id\":\"-100123\",\"text\":\"Alert: <b>Budi</b>\",\"parse_mode\":\"HTML\"}");
    }

    @Test
    void a429IsWaitedOutThenSent() throws Exception {
        telegram.reply(429, "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 1\","
                + "\"parameters\":{\"retry_after\":1}}");
        long start = System.nanoTime();

        Map<String, Object> output = new TelegramSendMessageNode().execute(context(Map.of("credential_id", "cred-tg-001",
                "text", "hello"))).output();

        assertThat(output).containsEntry("message_id", 42L);
        assertThat(telegram.calls).hasSize(2);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(950);
    }

    @Test
    void telegramsDescriptionIsSurfacedAndTheTokenIsNot() {
        telegram.reply(400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}");
        telegram.reply(502, "<html>bad gateway</html>");

        assertThatThrownBy(() -> new TelegramSendMessageNode().execute(context(Map.of("credential_id", "cred-tg-001", "text", "x"))))
                .hasMessage("Telegram sendMessage failed: Bad Request: chat not found (error 400)")
                .isNotInstanceOf(RetryableNodeException.class);
        assertThatThrownBy(() -> new TelegramSendMessageNode().execute(context(Map.of("credential_id", "cred-tg-001", "text", "x"))))
                .isInstanceOf(RetryableNodeException.class).hasMessageContaining("502").hasMessageNotContaining(TOKEN);
    }

    @Test
    void filesOutsideExportsOrTooBigAndLongCaptionsAreRefused() throws Exception {
        TelegramSendAttachmentNode node = new TelegramSendAttachmentNode();
        Path big = exports.resolve("fr/big.bin");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(50L * 1024 * 1024 + 1);
        }

        assertThatThrownBy(() -> node.execute(context(Map.of("credential_id", "cred-tg-001", "file", "/exports/../../etc/passwd"))))
                .isInstanceOf(NodeConfigException.class);
        assertThatThrownBy(() -> node.validate(Map.of("credential_id", "c", "file", "/etc/passwd")))
                .extracting("field").isEqualTo("file");
        assertThatThrownBy(() -> node.execute(context(Map.of("credential_id", "cred-tg-001", "file", "/exports/fr/big.bin"))))
                .hasMessageContaining("50 MB");
        assertThatThrownBy(() -> node.execute(context(Map.of("credential_id", "cred-tg-001",
                "file", "/exports/fr/2025-04-29.csv", "caption", "x".repeat(1025))))).extracting("field").isEqualTo("caption");
        assertThatThrownBy(() -> node.execute(context(Map.of("credential_id", "missing", "file", "/exports/fr/2025-04-29.csv"))))
                .extracting("field").isEqualTo("credential_id");
        assertThat(telegram.calls).isEmpty();
    }

    @Test
    void theSchemasStateTheLimitsTheNodesEnforce() throws Exception {
        JsonNode message = new ObjectMapper().readTree(new TelegramSendMessageNode().descriptor().configSchema()).get("properties");
        assertThat(message.get("text").get("maxLength").asInt()).isEqualTo(TelegramSendMessageNode.MAX_TEXT);
        assertThat(message.get("parse_mode").get("enum")).extracting(JsonNode::asText).containsExactly("HTML", "Markdown", "MarkdownV2");
        JsonNode attachment = new ObjectMapper().readTree(new TelegramSendAttachmentNode().descriptor().configSchema()).get("properties");
        assertThat(attachment.get("caption").get("maxLength").asInt()).isEqualTo(TelegramSendAttachmentNode.MAX_CAPTION);
        assertThat(attachment.get("parse_mode")).isEqualTo(message.get("parse_mode"));
        assertThatThrownBy(() -> new TelegramSendMessageNode().validate(Map.of("credential_id", "c", "text", "x", "parse_mode", "BBCode")))
                .hasMessage("must be HTML, Markdown or MarkdownV2");
    }
}
