package io.ccheadless.sandbox.control;

import io.ccheadless.sandbox.SandboxClock;
import io.ccheadless.sandbox.auth.ResourceOwner;
import io.ccheadless.sandbox.auth.SignedInUser;
import io.ccheadless.sandbox.data.Account;
import io.ccheadless.sandbox.data.SandboxAccounts;
import io.ccheadless.sandbox.data.UserPrivileges;

import java.util.Objects;
import java.util.Set;

/**
 * Test hooks for who approves an authorization and what that user may do: sign in as the owner of another
 * account (a partner client account: its own {@code encoded_account_id}, organization and campaigns), and narrow a
 * user's privileges. Codes and device approvals granted afterwards belong to that user and account.
 */
public final class SandboxUsers {
    private final SandboxAccounts accounts;
    private final SignedInUser signedIn;
    private final UserPrivileges privileges;
    private final SandboxClock clock;

    public SandboxUsers(SandboxAccounts accounts, SignedInUser signedIn, UserPrivileges privileges, SandboxClock clock) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.signedIn = Objects.requireNonNull(signedIn, "signedIn");
        this.privileges = Objects.requireNonNull(privileges, "privileges");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The demo account's owner, who is signed in unless a test signs somebody else in. */
    public ResourceOwner demoOwner() {
        Account demo = accounts.demo();
        return new ResourceOwner(demo.profile().contactEmail(), demo.id());
    }

    /** The owner of a partner client account other than the demo one (0-based among the others). */
    public ResourceOwner otherOwner(int index) {
        String id = accounts.partnerChildren().stream().map(SandboxAccounts.PartnerChild::encodedAccountId)
                .filter(a -> !a.equals(accounts.demo().id())).skip(index).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no other account number " + index));
        Account a = accounts.find(id, clock.now()).orElseThrow();
        return new ResourceOwner(a.profile().contactEmail(), a.id());
    }

    /** Signs {@code owner} in: authorizations granted from now on are theirs. Answers who was signed in before. */
    public ResourceOwner signIn(ResourceOwner owner) {
        ResourceOwner before = signedIn.current();
        signedIn.signIn(owner);
        return before;
    }

    public ResourceOwner signedIn() {
        return signedIn.current();
    }

    /** Gives the user {@code subject} exactly these privileges (names from {@link UserPrivileges#ACCOUNT_OWNER}). */
    public void setPrivileges(String subject, Set<String> names) {
        privileges.set(subject, names);
    }
}
