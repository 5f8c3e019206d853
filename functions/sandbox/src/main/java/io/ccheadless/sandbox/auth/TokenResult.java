package io.ccheadless.sandbox.auth;

import java.util.Map;
import java.util.Objects;

/** What a grant handler decided: a token body to send, or an OAuth error. */
public sealed interface TokenResult {
    record Issued(Map<String, Object> body) implements TokenResult {
        public Issued {
            body = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(body));
        }

        @Override
        public String toString() {
            return "Issued[" + body.keySet() + "]"; // the values are tokens
        }
    }

    record Failed(OAuthError error) implements TokenResult {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }

    static TokenResult failed(OAuthError e) {
        return new Failed(e);
    }
}
