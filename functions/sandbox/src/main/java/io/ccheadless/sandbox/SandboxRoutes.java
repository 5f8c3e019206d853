package io.ccheadless.sandbox;

/** Names of the sandbox's routes, as used by {@link SandboxCounters#requests(String)} and fault injection. */
public final class SandboxRoutes {
    public static final String AUTHORIZE = "authorize";
    public static final String CONSENT = "authorize.consent";
    public static final String TOKEN = "token";
    public static final String KEYS = "keys";
    public static final String DEVICE_AUTHORIZE = "device.authorize";
    public static final String DEVICE_VERIFY = "device.verify";
    public static final String PARTNER_TOKEN = "partner.token";
    public static final String ACCOUNT_SUMMARY = "account.summary";
    public static final String USER_PRIVILEGES = "account.user.privileges";
    public static final String EMAILS = "emails";
    public static final String EMAIL = "emails.campaign";
    public static final String EMAIL_ACTIVITY = "emails.activity";
    public static final String EMAIL_SEND_HISTORY = "emails.activity.send_history";
    public static final String SUMMARIES = "reports.email_campaign_summaries";
    public static final String CAMPAIGN_STATS = "reports.stats.email_campaigns";
    public static final String PARTNER_ACCOUNTS = "partner.accounts";
    public static final String PARTNER_SYNC = "partner.account_operations.sync";
    public static final String CONTROL = "sandbox.control";

    private SandboxRoutes() {
    }
}
