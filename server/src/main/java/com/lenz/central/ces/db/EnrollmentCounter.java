package com.lenz.central.ces.db;

import org.jdbi.v3.core.Jdbi;

/**
 * This node's enrollment count, as reported in CES metrics: rows of {@code enrolled_face} that are not
 * soft-deleted ({@code deleted_at} set means the face was removed and is no longer recognised).
 */
public class EnrollmentCounter {

    private final Jdbi jdbi;

    public EnrollmentCounter(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public long count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM enrolled_face WHERE deleted_at IS NULL")
                .mapTo(Long.class).one());
    }
}
