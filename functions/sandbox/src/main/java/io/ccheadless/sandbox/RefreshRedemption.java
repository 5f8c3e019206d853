package io.ccheadless.sandbox;

import java.time.Instant;
import java.util.Objects;

/**
 * One attempt to redeem a refresh token, as the sandbox saw it. Never holds the token itself.
 *
 * @param tokenFingerprint first 12 hex digits of SHA-256 of the presented token ("" when none was presented)
 * @param generation       generation of the presented token in its chain (1 = issued by the code exchange),
 *                         0 when the token was unknown or the request never got that far
 * @param issuedGeneration generation of the refresh token handed out, 0 when none was issued
 * @param outcome          what happened
 * @param detail           why, in words without secrets (e.g. "reused after rotation")
 * @param clientId         the client that asked, "" when it could not be told
 * @param at               sandbox-clock time of the attempt
 */
public record RefreshRedemption(String tokenFingerprint, long generation, long issuedGeneration,
                                RedemptionOutcome outcome, String detail, String clientId, Instant at) {
    public RefreshRedemption {
        Objects.requireNonNull(tokenFingerprint, "tokenFingerprint");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(at, "at");
        if (generation < 0 || issuedGeneration < 0) {
            throw new IllegalArgumentException("generations must be >= 0");
        }
    }
}
