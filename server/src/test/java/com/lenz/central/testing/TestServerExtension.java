package com.lenz.central.testing;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link TestServer} for all the tests of a class: started before the first, closed after the last.
 * <pre>{@code
 * @RegisterExtension
 * static final TestServerExtension SERVER = TestServerExtension.withDefaults();
 * // or TestServerExtension.with(b -> b.withTestPlugins().set("ces.enabled", "true"))
 * }</pre>
 */
public final class TestServerExtension implements BeforeAllCallback, AfterAllCallback {

    private final UnaryOperator<TestServer.Builder> settings;
    private TestServer server;
    private ApiClient admin;

    private TestServerExtension(UnaryOperator<TestServer.Builder> settings) {
        this.settings = settings;
    }

    public static TestServerExtension withDefaults() {
        return new TestServerExtension(UnaryOperator.identity());
    }

    /** A server built with these settings on top of the defaults. */
    public static TestServerExtension with(UnaryOperator<TestServer.Builder> settings) {
        return new TestServerExtension(settings);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = settings.apply(TestServer.builder()).start();
        admin = server.admin();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
    }

    public TestServer server() {
        return server;
    }

    /** A client signed in as the test admin (one login for the whole class). */
    public ApiClient admin() {
        return admin;
    }
}
