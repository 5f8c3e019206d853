package io.ccheadless.core.token;

import io.ccheadless.core.json.Json;
import io.ccheadless.core.json.MalformedJsonException;
import io.ccheadless.core.oauth.ClientType;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.oauth.TokenSet;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON a token-set version holds in the vault. Parsing failures name the field, never a value.
 * {@code client_type} is written only for a public (device-flow) chain, so confidential versions read as
 * they always did and versions written before the field existed are confidential. {@code account_id} (the CC
 * account connected, {@code encoded_account_id}) is absent from versions written before it was recorded. Read and
 * written with jackson-core alone ({@link Json}): the keep-alive and the token API decode a set on their first event.
 */
public final class TokenSetCodec {
    private TokenSetCodec() {
    }

    public static String encode(String tenant, long generation, TokenSet t) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("tenant", tenant);
        n.put("generation", generation);
        if (t.hasAccessToken()) {
            n.put("access_token", t.accessToken().reveal());
        }
        n.put("refresh_token", t.refreshToken().reveal());
        n.put("access_token_expires_at", t.accessTokenExpiresAt().toString());
        n.put("scope", t.scope());
        n.put("issued_at", t.issuedAt().toString());
        n.put("refresh_token_issued_at", t.refreshTokenIssuedAt().toString());
        if (t.client() == ClientType.PUBLIC) {
            n.put("client_type", "public");
        }
        if (t.account() != null) {
            n.put("account_id", t.account());
        }
        return Json.write(n);
    }

    public static TokenSet decode(String json, String where) {
        Map<String, Object> n;
        try {
            n = Json.object(json);
        } catch (MalformedJsonException e) {
            if (!e.empty()) {
                throw new VaultException(where + " is not JSON", VaultException.Kind.CORRUPT, null);
            }
            n = null;   // nothing stored: an empty set, below
        }
        if (n == null || n.isEmpty()) {
            throw new VaultException(where + " holds an empty token set", VaultException.Kind.CORRUPT, null);
        }
        try {
            Secret access = n.get("access_token") != null ? Secret.of(text(n, "access_token", where)) : null;
            return new TokenSet(access, Secret.of(text(n, "refresh_token", where)),
                    Instant.parse(text(n, "access_token_expires_at", where)), Json.text(n.get("scope")),
                    Instant.parse(text(n, "issued_at", where)), Instant.parse(text(n, "refresh_token_issued_at", where)),
                    clientType(n, where), n.get("account_id") != null ? text(n, "account_id", where) : null);
        } catch (DateTimeParseException e) {
            throw new VaultException(where + " has an unreadable timestamp", VaultException.Kind.CORRUPT, null);
        } catch (IllegalArgumentException e) {
            throw new VaultException(where + " holds an inconsistent token set (" + e.getMessage() + ")", VaultException.Kind.CORRUPT, null);
        }
    }

    private static ClientType clientType(Map<String, Object> n, String where) {
        Object v = n.get("client_type");
        return switch (v == null ? "confidential" : Json.text(v)) {
            case "confidential" -> ClientType.CONFIDENTIAL;
            case "public" -> ClientType.PUBLIC;
            default -> throw new VaultException(where + " has an unknown client_type", VaultException.Kind.CORRUPT, null);
        };
    }

    private static String text(Map<String, Object> n, String field, String where) {
        String v = Json.nonBlankString(n.get(field));
        if (v == null) {
            throw new VaultException(where + " lacks field '" + field + "'", VaultException.Kind.CORRUPT, null);
        }
        return v;
    }
}
