package io.ccheadless.sandbox.auth;

import io.ccheadless.sandbox.SandboxClock;
import io.ccheadless.sandbox.SandboxConfig;
import io.ccheadless.sandbox.SandboxRoutes;
import io.ccheadless.sandbox.http.Json;
import io.ccheadless.sandbox.http.Route;
import io.ccheadless.sandbox.limits.RateLimiter;
import io.ccheadless.sandbox.metrics.Metrics;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** The sandbox's authorization server: its parts, wired once, and its routes under {@code /oauth2/default/v1}. */
public final class AuthServer {
    public static final String BASE_PATH = "/oauth2/default/v1";

    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;
    private final DeviceAuthorizations devices;
    private final AuthorizeEndpoint authorize;
    private final TokenEndpoint token;
    private final DeviceEndpoint device;
    private final JwtKeys keys;
    private final Json json;

    public AuthServer(SandboxConfig config, ClientRegistry clients, SignedInUser owner, JwtKeys keys,
                      RandomTokens random, Metrics metrics, Json json, Supplier<URI> baseUri) {
        Objects.requireNonNull(config, "config");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.json = Objects.requireNonNull(json, "json");
        SandboxClock clock = config.clock();
        this.accessTokens = new AccessTokens(keys, random);
        this.refreshTokens = new RefreshTokens(random, config.refreshMode(), config.graceWindow());
        this.devices = new DeviceAuthorizations(random, config.deviceCodeLifetime(), config.devicePollInterval(), owner);
        AuthorizationCodes codes = new AuthorizationCodes(random);
        TokenIssuer issuer = new TokenIssuer(accessTokens);
        this.authorize = new AuthorizeEndpoint(clients, codes, owner, clock, random, config.consent());
        Optional<RateLimiter> limiter = config.tokenEndpointRateLimit()
                ? Optional.of(new RateLimiter(1, Duration.ofSeconds(1))) : Optional.empty();
        this.token = new TokenEndpoint(clients, new CodeGrant(codes, refreshTokens, issuer),
                new RefreshGrant(refreshTokens, issuer), new DeviceGrant(devices, refreshTokens, issuer), limiter,
                config.retryAfterOn429(), clock, metrics, json);
        this.device = new DeviceEndpoint(clients, devices, authorize, clock, baseUri, json);
    }

    public List<Route> routes() {
        return List.of(
                new Route("GET", BASE_PATH + "/authorize", SandboxRoutes.AUTHORIZE, false, authorize::authorize),
                new Route("POST", AuthorizeEndpoint.CONSENT_PATH, SandboxRoutes.CONSENT, false, authorize::decide),
                new Route("POST", BASE_PATH + "/token", SandboxRoutes.TOKEN, false, token),
                new Route("GET", BASE_PATH + "/keys", SandboxRoutes.KEYS, false,
                        r -> json.response(200, keys.jwks()).withHeader("Cache-Control", "max-age=3600")),
                new Route("POST", BASE_PATH + "/device/authorize", SandboxRoutes.DEVICE_AUTHORIZE, false, device::authorize),
                new Route("GET", DeviceEndpoint.VERIFY_PATH, SandboxRoutes.DEVICE_VERIFY, false, device::verifyPage),
                new Route("POST", DeviceEndpoint.VERIFY_PATH, SandboxRoutes.DEVICE_VERIFY, false, device::decide));
    }

    public AccessTokens accessTokens() {
        return accessTokens;
    }

    public RefreshTokens refreshTokens() {
        return refreshTokens;
    }

    public DeviceAuthorizations devices() {
        return devices;
    }

    public AuthorizeEndpoint authorizeEndpoint() {
        return authorize;
    }

    public TokenEndpoint tokenEndpoint() {
        return token;
    }


}
