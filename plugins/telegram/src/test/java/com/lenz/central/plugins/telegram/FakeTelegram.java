package com.lenz.central.plugins.telegram;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Telegram Bot API on localhost: records each call and answers with queued replies (default: ok). */
final class FakeTelegram implements AutoCloseable {

    record Call(String path, String contentType, String body) {
    }

    record Reply(int status, String json) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Deque<Reply> replies = new ArrayDeque<>();
    private final HttpServer server;

    FakeTelegram() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            calls.add(new Call(ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("Content-Type"),
                    new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Reply reply;
            synchronized (replies) {
                reply = replies.isEmpty()
                        ? new Reply(200, "{\"ok\":true,\"result\":{\"message_id\":42,\"chat\":{\"id\":-100123}}}")
                        : replies.poll();
            }
            byte[] bytes = reply.json().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(reply.status(), bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.start();
    }

    FakeTelegram reply(int status, String json) {
        synchronized (replies) {
            replies.add(new Reply(status, json));
        }
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
