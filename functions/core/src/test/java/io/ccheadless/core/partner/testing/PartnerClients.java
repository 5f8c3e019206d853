package io.ccheadless.core.partner.testing;

import io.ccheadless.core.api.CcApi;
import io.ccheadless.core.api.RateGate;
import io.ccheadless.core.http.HttpExchange;
import io.ccheadless.core.obs.Sleeper;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.partner.PartnerClient;
import io.ccheadless.core.partner.PartnerCredentials;
import io.ccheadless.sandbox.CcSandbox;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;

/** A {@link PartnerClient} over the real HTTP adapter toward a sandbox (or a fault proxy in front of one). */
public final class PartnerClients {
    private PartnerClients() {
    }

    /** The sandbox's own partner credentials; the API key CC wants in x-api-key is the application's client id. */
    public static PartnerCredentials credentials(CcSandbox cc) {
        return new PartnerCredentials(cc.partnerClientId(), Secret.of(cc.partnerClientSecret()), Secret.of(cc.clientId()));
    }

    public static PartnerClient of(CcSandbox cc, Clock clock, Sleeper sleeper) {
        return of(cc.baseUri(), credentials(cc), Duration.ofSeconds(5), clock, sleeper);
    }

    /**
     * @param base    the sandbox's base URI, or a fault proxy's in front of it
     * @param timeout each request's time bound (HttpExchange's)
     */
    public static PartnerClient of(URI base, PartnerCredentials credentials, Duration timeout, Clock clock, Sleeper sleeper) {
        HttpExchange http = HttpExchange.withDefaults(timeout);
        CcApi api = new CcApi(http, base, new RateGate(10, clock, sleeper), clock, sleeper,
                RandomGenerator.of("L64X128MixRandom"));
        return new PartnerClient(http, URI.create(base + "/partners/oauth2/default/v1/token"), api, () -> credentials,
                clock, sleeper, RandomGenerator.of("L64X128MixRandom"));
    }
}
