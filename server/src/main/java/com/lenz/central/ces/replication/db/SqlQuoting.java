package com.lenz.central.ces.replication.db;

/**
 * Quoting for the statements that take no bind parameters (CREATE PUBLICATION, CREATE SUBSCRIPTION):
 * identifiers in double quotes, literals in the E'' form, whose escaping does not depend on
 * standard_conforming_strings.
 */
public final class SqlQuoting {

    private SqlQuoting() {
    }

    public static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    public static String literal(String value) {
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
