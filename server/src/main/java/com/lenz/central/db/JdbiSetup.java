package com.lenz.central.db;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * What every {@link Jdbi} of this server shares, configured once where it is built instead of call by
 * call: SQL is sent as written (Dropwizard's name-prepending template engine re-parses every statement
 * with ANTLR, which showed at the top of the execute benchmark's profile, and no statement here uses
 * template attributes). {@code java.time.Instant} binds and maps as {@code timestamptz} through Jdbi's
 * built-in java.time support. SQL objects ({@code jdbi.onDemand(SomeStore.class)}) are available on every
 * one, also on those built outside Dropwizard's factory (commands, tests).
 */
public final class JdbiSetup {

    private JdbiSetup() {
    }

    public static Jdbi configure(Jdbi jdbi) {
        jdbi.installPlugin(new SqlObjectPlugin());
        jdbi.setTemplateEngine(TemplateEngine.NOP);
        return jdbi;
    }
}
