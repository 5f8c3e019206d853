package io.ccheadless.sandbox.auth;

/** Error bodies of the Okta-style authorization server in front of CC (shape inferred, docs/cc-api.md §2.1). */
public final class OktaErrors {
    /** What Okta answers with 429 (errorCode E0000047). CC documents no body, so this is the sandbox's choice. */
    public static final String RATE_LIMITED = "{\"errorCode\":\"E0000047\",\"errorSummary\":\"API call exceeded rate limit"
            + " due to too many requests.\",\"errorLink\":\"E0000047\",\"errorId\":\"sandbox\",\"errorCauses\":[]}";

    private OktaErrors() {
    }
}
