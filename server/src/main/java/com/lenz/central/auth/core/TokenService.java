package com.lenz.central.auth.core;

import com.lenz.central.auth.Role;
import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import com.lenz.central.core.DomainException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Access tokens are HS256 JWTs naming the user, role and session; refresh tokens are opaque
 * {@code <session id>.<random>} strings of which only a SHA-256 hash is stored.
 */
public class TokenService {

    static final String ISSUER = "lenz-central";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final Duration accessTtl;
    private final Clock clock;

    public TokenService(String secret, Duration accessTtl, Clock clock) {
        this.algorithm = Algorithm.HMAC256(secret.getBytes(StandardCharsets.UTF_8));
        // A token must expire and name its user: one signed without exp would be good forever.
        this.verifier = JWT.require(algorithm).withIssuer(ISSUER)
                .withClaimPresence("exp").withClaimPresence("sub").withClaimPresence("sid").build();
        this.accessTtl = accessTtl;
        this.clock = clock;
    }

    /** The claims an access token carries. */
    public record AccessClaims(String userId, String username, String name, Role role, String sessionId) {
    }

    public record IssuedAccess(String token, Instant expiresAt) {
    }

    public IssuedAccess issueAccess(User user, String sessionId) {
        Instant now = clock.instant();
        Instant expires = now.plus(accessTtl);
        String token = JWT.create()
                .withIssuer(ISSUER)
                .withSubject(user.id())
                .withClaim("sid", sessionId)
                .withClaim("username", user.username())
                .withClaim("name", user.name())
                .withClaim("role", user.role())
                .withIssuedAt(now)
                .withExpiresAt(expires)
                .sign(algorithm);
        return new IssuedAccess(token, expires);
    }

    /** Verifies signature, issuer and expiry (which must be there); the reason is given for a 401's {@code error}. */
    public AccessClaims verifyAccess(String token) {
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(token);
        } catch (TokenExpiredException e) {
            throw DomainException.unauthenticated("access token expired");
        } catch (JWTVerificationException e) {
            throw DomainException.unauthenticated("invalid access token");
        }
        Optional<Role> role = Role.parse(jwt.getClaim("role").asString());
        if (role.isEmpty() || jwt.getSubject() == null) {
            throw DomainException.unauthenticated("invalid access token");
        }
        return new AccessClaims(jwt.getSubject(), jwt.getClaim("username").asString(),
                jwt.getClaim("name").asString(), role.get(), jwt.getClaim("sid").asString());
    }

    /** A new refresh token for a session: {@code <session id>.<32 random bytes, base64url>}. */
    public String newRefreshToken(String sessionId) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return sessionId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The session id a refresh token names, if it is well formed. */
    public Optional<String> sessionOf(String refreshToken) {
        if (refreshToken == null) {
            return Optional.empty();
        }
        int dot = refreshToken.indexOf('.');
        return dot > 0 && dot < refreshToken.length() - 1 ? Optional.of(refreshToken.substring(0, dot)) : Optional.empty();
    }

    public static String hash(String refreshToken) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(refreshToken.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
