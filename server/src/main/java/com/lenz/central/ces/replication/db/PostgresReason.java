package com.lenz.central.ces.replication.db;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * PostgreSQL's own words for why a connection or a statement failed, for error answers. Only the
 * server's message and detail, or the driver's text for a connection that never reached a server:
 * neither ever holds the password, and nothing of the statement (which, for CREATE SUBSCRIPTION, does)
 * is taken, so nothing needs masking and the text stays as PostgreSQL wrote it.
 */
public final class PostgresReason {

    private PostgresReason() {
    }

    public static String of(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage server = p.getServerErrorMessage();
            String message = server.getMessage() == null ? "" : server.getMessage();
            return server.getDetail() == null ? message : message + " (" + server.getDetail() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
