package io.ccheadless.core.campaigns.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccheadless.core.api.AccessTokens;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.token.AccessGrant;
import io.ccheadless.sandbox.CcSandbox;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

/**
 * Access tokens for the sandbox's demo account without the token service: an authorization code issued as if
 * the owner consented, exchanged once; after a 401, a new login. Tests of the sync use it so that they exercise
 * the sync, not the token protocol.
 */
public final class SandboxLogin implements AccessTokens {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REDIRECT = "http://127.0.0.1:9999/callback";

    private final CcSandbox cc;
    private AccessGrant grant;
    private long generation;

    public SandboxLogin(CcSandbox cc) {
        this.cc = cc;
    }

    @Override
    public synchronized AccessGrant current() {
        if (grant == null) {
            grant = login();
        }
        return grant;
    }

    @Override
    public synchronized AccessGrant afterRejection(long rejected) {
        if (grant == null || grant.generation() <= rejected) {
            grant = login();
        }
        return grant;
    }

    /** The raw bearer value, for test code that calls the sandbox itself. */
    public String bearer() {
        return current().accessToken().reveal();
    }

    private AccessGrant login() {
        String code = cc.issueAuthorizationCode(cc.clientId(), REDIRECT, Set.of("account_read", "campaign_data"), null);
        String form = "grant_type=authorization_code&code=" + URLEncoder.encode(code, StandardCharsets.UTF_8)
                + "&redirect_uri=" + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8);
        String basic = Base64.getEncoder().encodeToString((cc.clientId() + ":" + cc.clientSecret()).getBytes(StandardCharsets.UTF_8));
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(cc.authBaseUri() + "/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Basic " + basic)
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("sandbox token endpoint answered " + r.statusCode());
            }
            JsonNode t = JSON.readTree(r.body());
            Instant expires = cc.clock().now().plusSeconds(t.path("expires_in").asLong(86_400));
            return new AccessGrant(Secret.of(t.path("access_token").asText()), expires, ++generation);
        } catch (IOException e) {
            throw new IllegalStateException("cannot log in to the sandbox: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
