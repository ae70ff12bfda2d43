package com.lenz.central.ces.core;

/** The master URL as it may be shown: in the CES config answer and in the slave reporter's log lines. */
public final class MasterUrls {

    private MasterUrls() {
    }

    /** {@code http://user:secret@host} must not hand out the secret: the credentials part is dropped. */
    public static String withoutUserInfo(String url) {
        return url == null ? "" : url.trim().replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@?#]*@", "$1");
    }
}
