package com.lenz.central.ces.replication.core;

import com.lenz.central.ces.replication.db.WalSettings.Setting;

/** One WAL setting in an answer: numbers for numeric settings, text for {@code wal_level}. */
public final class WalSettingReport {

    private WalSettingReport() {
    }

    /** In a setup answer: whether this setup changed it. */
    public record Change(Object current, Object required, boolean changed) {

        static Change of(Setting setting, boolean changed) {
            return new Change(setting.currentValue(), setting.requiredValue(), changed);
        }
    }

    /** In a status answer: whether the running value is enough (on both databases). */
    public record State(Object current, Object required, boolean isSet) {

        static State of(Setting setting, boolean isSet) {
            return new State(setting.currentValue(), setting.requiredValue(), isSet);
        }
    }
}
