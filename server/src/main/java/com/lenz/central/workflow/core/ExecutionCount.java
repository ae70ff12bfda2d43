package com.lenz.central.workflow.core;

/**
 * How many executions match a list's filter: exact up to {@link #EXACT_UP_TO}, beyond that PostgreSQL's
 * estimate ({@code estimated}). Counting millions of rows exactly would cost each page a scan of them all.
 */
public record ExecutionCount(long total, boolean estimated) {

    public static final int EXACT_UP_TO = 10_000;
}
