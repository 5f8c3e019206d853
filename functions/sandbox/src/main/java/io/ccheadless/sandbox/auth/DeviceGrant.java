package io.ccheadless.sandbox.auth;

import io.ccheadless.sandbox.http.Params;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** {@code grant_type=urn:ietf:params:oauth:grant-type:device_code}: the device polls until the user decides. */
public final class DeviceGrant {
    private final DeviceAuthorizations devices;
    private final RefreshTokens refreshTokens;
    private final TokenIssuer issuer;

    public DeviceGrant(DeviceAuthorizations devices, RefreshTokens refreshTokens, TokenIssuer issuer) {
        this.devices = Objects.requireNonNull(devices, "devices");
        this.refreshTokens = Objects.requireNonNull(refreshTokens, "refreshTokens");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    public TokenResult poll(Params params, ClientAuthentication auth, Instant now) {
        if (auth.failed()) {
            return TokenResult.failed(OAuthError.invalidClient());
        }
        Optional<String> deviceCode = params.first("device_code");
        if (deviceCode.isEmpty()) {
            return TokenResult.failed(OAuthError.invalidRequest("The 'device_code' parameter is required."));
        }
        DeviceAuthorizations.Poll p = devices.poll(deviceCode.get(), auth.claimedClientId(), auth.secretVerified(), now);
        return switch (p.state()) {
            case PENDING -> TokenResult.failed(new OAuthError(400, "authorization_pending",
                    "The device authorization is pending. Please try again later."));
            case SLOW_DOWN -> TokenResult.failed(new OAuthError(400, "slow_down",
                    "The client is polling too frequently; increase the interval between requests by 5 seconds."));
            case EXPIRED -> TokenResult.failed(new OAuthError(400, "expired_token", "The device code has expired."));
            case DENIED -> TokenResult.failed(new OAuthError(400, "access_denied",
                    "The resource owner or authorization server denied the request."));
            case UNKNOWN -> TokenResult.failed(OAuthError.invalidGrant("The device code is invalid or has expired."));
            case APPROVED -> {
                GrantedAccess access = p.access().orElseThrow();
                Optional<Secret> refresh = access.offline() ? Optional.of(refreshTokens.start(access, now)) : Optional.empty();
                yield new TokenResult.Issued(issuer.body(access, refresh, now));
            }
        };
    }
}
