package io.ccheadless.core.oauth;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * CC's answer to a device authorization request (RFC 8628 §3.2). The device code is a {@link Secret}: it is
 * sent only to the token endpoint; the user code and the verification URIs are what the operator is shown.
 *
 * @param verificationUriComplete the verification URI with the user code in it, or null when CC gave none
 * @param interval                the least time between two polls of the token endpoint
 */
public record DeviceCode(Secret deviceCode, String userCode, URI verificationUri, URI verificationUriComplete,
                         Instant expiresAt, Duration interval) {
    private static final Pattern USER_CODE = Pattern.compile("[A-Za-z0-9-]{1,32}");

    public DeviceCode {
        Objects.requireNonNull(deviceCode, "deviceCode");
        Objects.requireNonNull(userCode, "userCode");
        Objects.requireNonNull(verificationUri, "verificationUri");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(interval, "interval");
        if (!USER_CODE.matcher(userCode).matches()) {
            throw new IllegalArgumentException("the user code is not 1-32 letters, digits and dashes");
        }
        requireWebUrl(verificationUri, "verification_uri");
        if (verificationUriComplete != null) {
            requireWebUrl(verificationUriComplete, "verification_uri_complete");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the polling interval must be positive");
        }
    }

    /** The link to show: the complete one when CC gave it (the user code is filled in), else the plain one. */
    public URI linkToOpen() {
        return verificationUriComplete != null ? verificationUriComplete : verificationUri;
    }

    private static void requireWebUrl(URI u, String name) {
        String scheme = u.getScheme();
        if (!("https".equals(scheme) || "http".equals(scheme)) || u.getHost() == null) {
            throw new IllegalArgumentException(name + " is not an http(s) URL");
        }
    }
}
