package io.ccheadless.sandbox.data;

/** A campaign's status; campaigns show it title-case, their activities upper-case (docs/cc-api.md §3.1, §3.3). */
public enum CampaignStatus {
    DRAFT("Draft"), SCHEDULED("Scheduled"), DONE("Done"), REMOVED("Removed");

    private final String label;

    CampaignStatus(String label) {
        this.label = label;
    }

    /** As on a campaign: {@code Done}. */
    public String label() {
        return label;
    }

    /** As on a campaign activity: {@code DONE}. */
    public String activityLabel() {
        return name();
    }
}
