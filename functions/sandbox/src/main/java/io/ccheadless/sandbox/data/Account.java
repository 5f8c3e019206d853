package io.ccheadless.sandbox.data;

import java.util.List;
import java.util.Objects;

/** One CC account in the sandbox: its profile, its contact lists and its campaigns. */
public record Account(AccountProfile profile, List<String> contactListIds, CampaignStore campaigns) {
    public Account {
        Objects.requireNonNull(profile, "profile");
        contactListIds = List.copyOf(contactListIds);
        Objects.requireNonNull(campaigns, "campaigns");
    }

    public String id() {
        return profile.encodedAccountId();
    }

    /** Makes campaigns that fit this account (sender, contact lists). */
    public CampaignGenerator generator() {
        return new CampaignGenerator(profile, contactListIds);
    }
}
