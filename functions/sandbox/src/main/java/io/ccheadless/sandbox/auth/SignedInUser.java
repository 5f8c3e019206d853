package io.ccheadless.sandbox.auth;

import java.util.Objects;

/**
 * Who is signed in at the sandbox's consent and device-verification pages right now: the demo account's owner
 * unless a test signs somebody else in ({@code SandboxControl#signInAs}). A code or device approval is issued for
 * whoever is signed in when it is granted, so two resource owners give two distinct {@code encoded_account_id}s.
 */
public final class SignedInUser {
    private volatile ResourceOwner current;

    public SignedInUser(ResourceOwner initial) {
        this.current = Objects.requireNonNull(initial, "initial");
    }

    public ResourceOwner current() {
        return current;
    }

    public void signIn(ResourceOwner owner) {
        this.current = Objects.requireNonNull(owner, "owner");
    }
}
