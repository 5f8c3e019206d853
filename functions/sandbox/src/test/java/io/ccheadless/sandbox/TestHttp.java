package io.ccheadless.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A tiny HTTP client for talking to a sandbox in tests. */
final class TestHttp {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String REDIRECT = "http://127.0.0.1:9999/callback";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final CcSandbox sandbox;

    TestHttp(CcSandbox sandbox) {
        this.sandbox = sandbox;
    }

    HttpResponse<String> get(String pathAndQuery, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(sandbox.baseUri().resolve(pathAndQuery)).timeout(Duration.ofSeconds(10)).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b.build());
    }

    HttpResponse<String> get(String pathAndQuery) {
        return get(pathAndQuery, null);
    }

    HttpResponse<String> postForm(String pathAndQuery, Map<String, String> form, String basicUser, String basicPassword) {
        HttpRequest.Builder b = HttpRequest.newBuilder(sandbox.baseUri().resolve(pathAndQuery)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)));
        if (basicUser != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (basicUser + ":" + basicPassword).getBytes(StandardCharsets.UTF_8)));
        }
        return send(b.build());
    }

    HttpResponse<String> postJson(String path, String json, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(sandbox.baseUri().resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(b::header);
        return send(b.build());
    }

    /** POSTs to the token endpoint with the sandbox's confidential client authenticating by HTTP Basic. */
    HttpResponse<String> token(Map<String, String> form) {
        return postForm("/oauth2/default/v1/token", form, sandbox.clientId(), sandbox.clientSecret());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String form(Map<String, String> form) {
        return form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Exchanges a hook-issued code for a token set (scopes space-separated). */
    JsonNode login(String scopes) {
        String code = sandbox.issueAuthorizationCode(sandbox.clientId(), REDIRECT,
                new java.util.LinkedHashSet<>(java.util.List.of(scopes.split(" "))), null);
        HttpResponse<String> r = token(map("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT));
        if (r.statusCode() != 200) {
            throw new AssertionError("login failed: " + r.statusCode());
        }
        return json(r);
    }

    /** Refreshes with the confidential client (HTTP Basic). */
    HttpResponse<String> refresh(String refreshToken) {
        return token(map("grant_type", "refresh_token", "refresh_token", refreshToken));
    }
}
