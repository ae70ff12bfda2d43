package com.lenz.central.throttle;

import com.lenz.central.core.DomainException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throttles attempts to prove a secret (a password for a username, a token for a webhook) per subject and
 * per client address: each has its own {@link FailureCounter}, and an attempt goes ahead only when
 * neither is locked. What the subject is does not matter: an unknown username is throttled exactly like
 * a known one, so the answers do not tell them apart.
 */
public final class AttemptThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(AttemptThrottle.class);

    /** A subject longer than this is counted under its hash, so that keys stay small. */
    private static final int MAX_KEY_LENGTH = 256;

    private final String what;
    private final FailureCounter bySubject;
    private final FailureCounter byAddress;

    /** {@code what} names the secret in the 429's error, e.g. "logins". */
    public AttemptThrottle(String what, ThrottleConfig config, Clock clock) {
        this.what = what;
        this.bySubject = new FailureCounter(config.getMaxFailures(), config.getLockout(), config.getMaxLockout(), clock);
        this.byAddress = new FailureCounter(config.getMaxFailuresPerAddress(), config.getLockout(),
                config.getMaxLockout(), clock);
    }

    /** One attempt let through; end it with {@link #failed}, {@link #succeeded} or {@link #abandoned}. */
    public final class Attempt {
        private final String subject;
        private final String address;
        private boolean ended;

        private Attempt(String subject, String address) {
            this.subject = subject;
            this.address = address;
        }

        public void failed() {
            end();
            Duration subjectLock = bySubject.failed(subject);
            Duration addressLock = byAddress.failed(address);
            // at most one line per lockout of a key: an operator sees a brute force without a line per try
            if (!subjectLock.isZero()) {
                LOG.warn("{} for '{}' locked for {} s after repeated failures", what, printable(subject),
                        subjectLock.toSeconds());
            }
            if (!addressLock.isZero()) {
                LOG.warn("{} from {} locked for {} s after repeated failures", what, printable(address),
                        addressLock.toSeconds());
            }
        }

        public void succeeded() {
            end();
            bySubject.succeeded(subject);
            byAddress.succeeded(address);
        }

        /** Ended by an error, neither right nor wrong: counts neither way. */
        public void abandoned() {
            if (!ended) {
                end();
                bySubject.abandoned(subject);
                byAddress.abandoned(address);
            }
        }

        private void end() {
            ended = true;
        }
    }

    /**
     * Starts an attempt of {@code subject} from {@code clientAddress}, or throws a 429 with Retry-After
     * while either is locked.
     */
    public Attempt start(String subject, String clientAddress) {
        String subjectKey = subjectKey(subject);
        String addressKey = addressKey(clientAddress);
        Duration wait = longer(bySubject.lockedFor(subjectKey), byAddress.lockedFor(addressKey));
        if (wait.isZero()) {
            wait = byAddress.tryStart(addressKey);
            if (wait.isZero()) {
                wait = bySubject.tryStart(subjectKey);
                if (!wait.isZero()) {
                    byAddress.abandoned(addressKey);
                }
            }
        }
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            throw DomainException.throttled("too many failed attempts",
                    "too many failed " + what + "; try again in " + seconds + " s", seconds);
        }
        return new Attempt(subjectKey, addressKey);
    }

    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    static String subjectKey(String subject) {
        String key = subject == null ? "" : subject.trim().toLowerCase(Locale.ROOT);
        return key.length() <= MAX_KEY_LENGTH ? key : "sha256:" + sha256(key);
    }

    /** The address as counted: an IPv4 address whole, an IPv6 address by its /64 (what one site is given). */
    static String addressKey(String address) {
        if (address == null || address.isEmpty()) {
            return "unknown";
        }
        if (address.indexOf(':') < 0) {
            return address; // IPv4, as the connection gives it
        }
        try {
            // with a colon it is parsed as an IPv6 literal, never looked up in DNS
            InetAddress parsed = InetAddress.getByName(address.startsWith("[") && address.endsWith("]")
                    ? address.substring(1, address.length() - 1) : address);
            if (parsed instanceof Inet6Address) {
                byte[] prefix = java.util.Arrays.copyOf(parsed.getAddress(), 8);
                return HexFormat.of().formatHex(prefix) + "::/64";
            }
            return parsed.getHostAddress();
        } catch (UnknownHostException e) {
            return subjectKey(address);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
