package io.ccheadless.core.oauth;

/**
 * How the grant that started a token set's chain authenticated the client, and so how its refreshes must
 * (docs/cc-api.md §2.8): a chain keeps the client type of its first grant for as long as it lives.
 */
public enum ClientType {
    /** Authorization code with the client secret: refreshes authenticate with HTTP Basic {@code client_id:client_secret}. */
    CONFIDENTIAL,
    /** Device flow (a public client): refreshes send {@code client_id} in the form and never the secret. */
    PUBLIC
}
