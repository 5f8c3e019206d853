package io.ccheadless.sandbox.auth;

import io.ccheadless.sandbox.RefreshRedemption;
import io.ccheadless.sandbox.RedemptionOutcome;
import io.ccheadless.sandbox.http.Params;
import java.time.Instant;
import java.util.Objects;

/** {@code grant_type=refresh_token}: applies the rotation rules and describes each attempt for the counters. */
public final class RefreshGrant {
    /** The answer plus what the counters should record (the record's outcome assumes the answer is delivered). */
    public record Outcome(TokenResult result, RefreshRedemption redemption) {
        public Outcome {
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(redemption, "redemption");
        }
    }

    private final RefreshTokens refreshTokens;
    private final TokenIssuer issuer;

    public RefreshGrant(RefreshTokens refreshTokens, TokenIssuer issuer) {
        this.refreshTokens = Objects.requireNonNull(refreshTokens, "refreshTokens");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    public Outcome redeem(Params params, ClientAuthentication auth, Instant now) {
        String presented = params.first("refresh_token").orElse("");
        String fp = Fingerprints.of(presented);
        if (auth.failed()) {
            return new Outcome(TokenResult.failed(OAuthError.invalidClient()),
                    record(fp, 0, 0, RedemptionOutcome.INVALID_CLIENT, "client authentication failed", auth, now));
        }
        if (presented.isEmpty()) {
            return new Outcome(TokenResult.failed(OAuthError.invalidRequest("The 'refresh_token' parameter is required.")),
                    record(fp, 0, 0, RedemptionOutcome.INVALID_REQUEST, "no refresh_token parameter", auth, now));
        }
        RefreshTokens.Redemption r = refreshTokens.redeem(presented, auth.claimedClientId(), auth.secretVerified(), now);
        return switch (r) {
            case RefreshTokens.Rejected rej -> new Outcome(TokenResult.failed(OAuthError.invalidRefreshToken()),
                    record(fp, rej.presentedGeneration(), 0, RedemptionOutcome.INVALID_GRANT, rej.detail(), auth, now));
            case RefreshTokens.ClientAuthRequired car -> new Outcome(TokenResult.failed(OAuthError.invalidClient()),
                    record(fp, car.presentedGeneration(), 0, RedemptionOutcome.INVALID_CLIENT,
                            "confidential client did not authenticate", auth, now));
            case RefreshTokens.Redeemed ok -> issued(ok, fp, auth, now);
        };
    }

    private Outcome issued(RefreshTokens.Redeemed ok, String fp, ClientAuthentication auth, Instant now) {
        GrantedAccess access = ok.access(); // a scope parameter is ignored: the chain keeps its granted scopes
        String detail = ok.refreshToken().isEmpty() ? "refreshed; response omits refresh_token"
                : ok.issuedGeneration() == ok.presentedGeneration() ? "refreshed; same long-lived token returned"
                : "rotated";
        return new Outcome(new TokenResult.Issued(issuer.body(access, ok.refreshToken(), now)),
                record(fp, ok.presentedGeneration(), ok.issuedGeneration(), RedemptionOutcome.SUCCEEDED, detail, auth, now));
    }

    private static RefreshRedemption record(String fp, long gen, long issuedGen, RedemptionOutcome outcome, String detail,
                                            ClientAuthentication auth, Instant now) {
        return new RefreshRedemption(fp, gen, issuedGen, outcome, detail, auth.claimedClientId(), now);
    }
}
