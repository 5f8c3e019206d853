package io.ccheadless.sandbox.auth;

import java.util.List;

/**
 * The OAuth flow an application is registered for. CC's application settings pick one flow per application
 * (authorization code, with or without PKCE, or device; docs/cc-api.md §2.2); {@link #ANY} is the sandbox's lenient
 * default, so one sandbox application can serve tests of both flows. Refreshing is allowed under every flow.
 */
public enum ApplicationFlow {
    ANY(List.of("refresh_token", "authorization_code", TokenEndpoint.DEVICE_GRANT)),
    AUTHORIZATION_CODE(List.of("refresh_token", "authorization_code")),
    DEVICE(List.of("refresh_token", TokenEndpoint.DEVICE_GRANT));

    private final List<String> grantTypes;

    ApplicationFlow(List<String> grantTypes) {
        this.grantTypes = grantTypes;
    }

    public boolean allows(String grantType) {
        return grantTypes.contains(grantType);
    }

    /** The grant types, as the auth server lists them in an {@code unauthorized_client} answer. */
    public List<String> grantTypes() {
        return grantTypes;
    }
}
