package io.ccheadless.sandbox.api;

import io.ccheadless.sandbox.auth.AccessClaims;
import io.ccheadless.sandbox.data.Account;
import io.ccheadless.sandbox.http.Request;
import java.time.Instant;
import java.util.Objects;

/** An authenticated, admitted API request: who asks, for which account, at which sandbox time. */
public record ApiCall(Request request, AccessClaims claims, Account account, Instant now) {
    public ApiCall {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(claims, "claims");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(now, "now");
    }
}
