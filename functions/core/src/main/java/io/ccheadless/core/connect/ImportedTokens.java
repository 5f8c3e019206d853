package io.ccheadless.core.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ccheadless.core.oauth.Secret;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;

/**
 * A token set somebody already generated, as handed to {@code cch connect import} on standard input or in a file:
 * either CC's own token answer as JSON ({@code access_token}, {@code refresh_token}, optionally {@code expires_in}
 * seconds or {@code expires_at} as ISO-8601 or epoch seconds), or the two tokens on two lines, access token first.
 * A parse failure names the field, never a value.
 *
 * @param accessTokenExpiresAt when the access token expires, if the input said so ({@code null}: unknown)
 */
public record ImportedTokens(Secret accessToken, Secret refreshToken, Instant accessTokenExpiresAt) {
    /** Far beyond any token set; a longer input is not one. */
    static final int MAX_INPUT = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADVICE = "Give the token set as JSON {\"access_token\": \"...\", \"refresh_token\": \"...\","
            + " \"expires_in\": 86400} (expires_in or expires_at optional), or as two lines (access token, then refresh"
            + " token), on standard input or with --file.";

    public ImportedTokens {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
    }

    public static ImportedTokens parse(String input, Instant now) {
        Objects.requireNonNull(now, "now");
        String text = input == null ? "" : input.strip();
        if (text.isEmpty()) {
            throw malformed("The token set is empty.");
        }
        if (text.length() > MAX_INPUT) {
            throw malformed("The token set is longer than " + MAX_INPUT + " characters, so it is not one.");
        }
        return text.startsWith("{") ? fromJson(text, now) : fromLines(text);
    }

    private static ImportedTokens fromJson(String text, Instant now) {
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (Exception e) {
            throw malformed("The token set is not valid JSON.");
        }
        if (n == null || !n.isObject()) {
            throw malformed("The token set is not a JSON object.");
        }
        Secret access = token(n, "access_token");
        Secret refresh = token(n, "refresh_token");
        Instant expires = null;
        if (n.hasNonNull("expires_at")) {
            expires = instant(n.get("expires_at"));
        } else if (n.hasNonNull("expires_in")) {
            JsonNode in = n.get("expires_in");
            long seconds = in.canConvertToLong() ? in.asLong() : in.isTextual() && in.asText().matches("\\d{1,9}") ? Long.parseLong(in.asText()) : -1;
            if (seconds <= 0) {
                throw malformed("expires_in must be a positive number of seconds.");
            }
            expires = now.plusSeconds(seconds);
        }
        return checked(access, refresh, expires);
    }

    private static ImportedTokens fromLines(String text) {
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.size() != 2) {
            throw malformed("Without JSON, the token set must be exactly two non-empty lines (access token, then refresh"
                    + " token); it has " + lines.size() + ".");
        }
        return checked(plain(lines.get(0), "access token"), plain(lines.get(1), "refresh token"), null);
    }

    private static ImportedTokens checked(Secret access, Secret refresh, Instant expires) {
        if (access.equals(refresh)) {
            throw malformed("The access token and the refresh token are the same value.");
        }
        return new ImportedTokens(access, refresh, expires);
    }

    private static Secret token(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw malformed("The token set lacks " + field + ".");
        }
        if (!v.isTextual()) {
            throw malformed(field + " must be a string.");
        }
        return plain(v.asText(), field);
    }

    private static Secret plain(String value, String what) {
        String v = value.strip();
        if (v.isEmpty() || !v.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw malformed("The " + what + " is empty or holds spaces or characters a token cannot have.");
        }
        return Secret.of(v);
    }

    private static Instant instant(JsonNode v) {
        if (v.canConvertToLong()) {
            return Instant.ofEpochSecond(v.asLong());
        }
        try {
            return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            throw malformed("expires_at must be an ISO-8601 instant (2026-12-01T10:00:00Z) or epoch seconds.");
        }
    }

    private static ConnectRefused malformed(String message) {
        return new ConnectRefused(ConnectRefused.Reason.MALFORMED_INPUT, message + " Nothing was stored.", ADVICE);
    }

    @Override
    public String toString() {
        return "ImportedTokens[access " + accessToken + ", refresh " + refreshToken + ", expires " + accessTokenExpiresAt + "]";
    }
}
