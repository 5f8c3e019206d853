package io.ccheadless.core.api;

import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.oauth.Secret;

import java.net.URI;
import java.util.Map;

/**
 * How one V3 GET of {@link CcApiClient} reaches CC: the port its reads run over. {@link #DIRECT} sends it as it is,
 * with the tenant's own access token (OAuth tenants); {@code core/partner} wraps it for the partner endpoints (the
 * managed-account listing, the pass-through), with the partner JWT and {@code x-api-key}. Everything around the send
 * (permits, retries, Retry-After, the deadline, unusable bodies, the 401 replay) is the client's, whatever the route.
 */
@FunctionalInterface
public interface CcTransport {
    /**
     * @param base         scheme and host, e.g. {@code https://api.cc.email}
     * @param pathAndQuery the V3 path, starting with {@code /v3/}
     */
    HttpExchange.Response send(HttpExchange http, String base, String pathAndQuery, Secret bearer);

    /** A plain {@code GET base + pathAndQuery} with the bearer token. */
    CcTransport DIRECT = (http, base, pathAndQuery, bearer) -> http.send("GET", URI.create(base + pathAndQuery),
            Map.of("Authorization", "Bearer " + bearer.reveal(), "Accept", "application/json"), null);
}
