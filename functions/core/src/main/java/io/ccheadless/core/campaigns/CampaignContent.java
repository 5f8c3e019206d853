package io.ccheadless.core.campaigns;

import java.util.List;
import java.util.Objects;

/**
 * What recipients of a campaign saw, read once when the sync first stores it: its primary email activity ({@code GET
 * /v3/emails/activities/{id}}) and, when CC_LINK_REPORT is on, that activity's link report ({@code GET
 * /v3/reports/email_reports/{id}/links}). README, "The campaign shape".
 *
 * @param activityId the primary email activity's id
 * @param fromName   empty when CC gives none
 * @param preheader  empty when CC gives none
 * @param links      each link's unique clicks, as CC reports them at first read; null when the link report was not
 *                   read (CC_LINK_REPORT off)
 */
public record CampaignContent(String activityId, String subject, String fromName, String preheader, List<Link> links) {
    public CampaignContent {
        Objects.requireNonNull(activityId, "activityId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(fromName, "fromName");
        Objects.requireNonNull(preheader, "preheader");
        links = links == null ? null : List.copyOf(links);
    }

    /** One row of CC's link report: a link URL and how many contacts clicked it. */
    public record Link(String url, long uniqueClicks) {
        public Link {
            Objects.requireNonNull(url, "url");
        }
    }

    public CampaignContent withLinks(List<Link> links) {
        return new CampaignContent(activityId, subject, fromName, preheader, links);
    }
}
