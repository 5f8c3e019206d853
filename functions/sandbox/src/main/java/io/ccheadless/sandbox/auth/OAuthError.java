package io.ccheadless.sandbox.auth;

import java.util.Objects;

/** An OAuth error answer of the token endpoint: HTTP status plus {@code {"error", "error_description"}}. */
public record OAuthError(int status, String error, String errorDescription) {
    public OAuthError {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(errorDescription, "errorDescription");
    }

    /** The JSON body: {@code {"error": ..., "error_description": ...}}. */
    public java.util.Map<String, Object> body() {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", errorDescription);
        return body;
    }

    public static OAuthError invalidClient() {
        return new OAuthError(401, "invalid_client",
                "Client authentication failed. Either the client or the client credentials are invalid.");
    }

    public static OAuthError invalidRequest(String description) {
        return new OAuthError(400, "invalid_request", description);
    }

    public static OAuthError invalidGrant(String description) {
        return new OAuthError(400, "invalid_grant", description);
    }

    public static OAuthError invalidRefreshToken() {
        return invalidGrant("The refresh token is invalid or expired.");
    }

    /**
     * A grant type the application is not registered for (a device-code poll from a code-flow application, a code
     * exchange from a device-flow one): Okta's answer, which CC's auth server is (docs/cc-api.md §2.6).
     */
    public static OAuthError unauthorizedClient(ApplicationFlow flow) {
        return new OAuthError(400, "unauthorized_client",
                "The client is not authorized to use the provided grant type. Configured grant types: "
                        + flow.grantTypes() + ".");
    }

    public static OAuthError unsupportedGrantType() {
        return new OAuthError(400, "unsupported_grant_type",
                "The authorization grant type is not supported by the authorization server. Configured grant types: "
                        + "[refresh_token, authorization_code, urn:ietf:params:oauth:grant-type:device_code].");
    }
}
