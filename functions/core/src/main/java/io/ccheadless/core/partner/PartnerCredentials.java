package io.ccheadless.core.partner;

import io.ccheadless.core.oauth.Secret;

import java.util.Objects;

/**
 * A technology partner's credentials (docs/cc-api.md §7): the partner client id and secret the partner JWT is obtained
 * with, and the API key CC wants in {@code x-api-key} on every partner call. None of them is ever shown:
 * {@link #toString()} masks all three, and the API key appears only as {@link #keyLabel()}, a fingerprint.
 */
public record PartnerCredentials(String clientId, Secret clientSecret, Secret apiKey) {
    public PartnerCredentials {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(apiKey, "apiKey");
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("partner client id is blank");
        }
    }

    /** A label for the partner API key (what its rate governor's ledger is keyed by): 8 hex digits of its SHA-256. */
    public String keyLabel() {
        return apiKey.fingerprint();
    }

    @Override
    public String toString() {
        return "PartnerCredentials[client_id=<hidden>, client_secret=<hidden>, api_key=<hidden>]";
    }
}
