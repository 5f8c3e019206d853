package io.ccheadless.sandbox;

/** What the sandbox's authorize endpoint does in place of a person deciding on the consent screen. */
public enum ConsentMode {
    /** Redirect straight back with a code. */
    AUTO_APPROVE,
    /** Redirect straight back with {@code error=access_denied}. */
    AUTO_DENY,
    /** Show an HTML consent page with Approve and Deny buttons. */
    MANUAL
}
