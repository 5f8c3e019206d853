package io.ccheadless.sandbox.data;

import java.util.List;
import java.util.Objects;

/** One activity of a campaign: its {@code primary_email} (the content that is sent), its {@code permalink}, or a
 * {@code resend} of the content to those who did not open it. */
public record CampaignActivity(String activityId, String role, String fromEmail, String fromName, String replyToEmail,
                               String subject, String preheader, List<String> contactListIds) {
    public static final String PRIMARY_EMAIL = "primary_email";
    public static final String PERMALINK = "permalink";
    public static final String RESEND = "resend";

    public CampaignActivity {
        Objects.requireNonNull(activityId, "activityId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(fromEmail, "fromEmail");
        Objects.requireNonNull(fromName, "fromName");
        Objects.requireNonNull(replyToEmail, "replyToEmail");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(preheader, "preheader");
        contactListIds = List.copyOf(contactListIds);
    }
}
