package io.ccheadless.core.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ccheadless.core.oauth.ClientType;
import io.ccheadless.core.oauth.Secret;
import io.ccheadless.core.oauth.TokenSet;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The JSON a token-set version holds in the vault. Parsing failures name the field, never a value.
 * {@code client_type} is written only for a public (device-flow) chain, so confidential versions read as
 * they always did and versions written before the field existed are confidential. {@code account_id} (the CC
 * account connected, {@code encoded_account_id}) is absent from versions written before it was recorded.
 */
public final class TokenSetCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenSetCodec() {
    }

    public static String encode(String tenant, long generation, TokenSet t) {
        ObjectNode n = JSON.createObjectNode();
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
        return n.toString();
    }

    public static TokenSet decode(String json, String where) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (Exception e) {
            throw new VaultException(where + " is not JSON", VaultException.Kind.CORRUPT, null);
        }
        if (n == null || !n.isObject() || n.isEmpty()) {
            throw new VaultException(where + " holds an empty token set", VaultException.Kind.CORRUPT, null);
        }
        try {
            Secret access = n.hasNonNull("access_token") ? Secret.of(text(n, "access_token", where)) : null;
            return new TokenSet(access, Secret.of(text(n, "refresh_token", where)),
                    Instant.parse(text(n, "access_token_expires_at", where)), n.path("scope").asText(""),
                    Instant.parse(text(n, "issued_at", where)), Instant.parse(text(n, "refresh_token_issued_at", where)),
                    clientType(n, where), n.hasNonNull("account_id") ? text(n, "account_id", where) : null);
        } catch (DateTimeParseException e) {
            throw new VaultException(where + " has an unreadable timestamp", VaultException.Kind.CORRUPT, null);
        } catch (IllegalArgumentException e) {
            throw new VaultException(where + " holds an inconsistent token set (" + e.getMessage() + ")", VaultException.Kind.CORRUPT, null);
        }
    }

    private static ClientType clientType(JsonNode n, String where) {
        return switch (n.path("client_type").asText("confidential")) {
            case "confidential" -> ClientType.CONFIDENTIAL;
            case "public" -> ClientType.PUBLIC;
            default -> throw new VaultException(where + " has an unknown client_type", VaultException.Kind.CORRUPT, null);
        };
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new VaultException(where + " lacks field '" + field + "'", VaultException.Kind.CORRUPT, null);
        }
        return v.asText();
    }
}
