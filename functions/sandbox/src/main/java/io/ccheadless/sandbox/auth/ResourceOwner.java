package io.ccheadless.sandbox.auth;

import java.util.Objects;

/** The CC user who "signs in" on the sandbox's consent screens: the demo account's owner. */
public record ResourceOwner(String subject, String accountId) {
    public ResourceOwner {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(accountId, "accountId");
    }
}
