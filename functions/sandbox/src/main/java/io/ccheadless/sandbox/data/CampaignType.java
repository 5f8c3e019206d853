package io.ccheadless.sandbox.data;

import java.util.Objects;

/**
 * A campaign type: {@code type}/{@code type_code} on campaigns, {@code campaign_type} (the label) in summaries.
 */
public record CampaignType(String type, int code, String label) {
    public static final CampaignType NEWSLETTER = new CampaignType("NEWSLETTER", 10, "Newsletter");
    public static final CampaignType ANNOUNCEMENT = new CampaignType("ANNOUNCEMENT", 11, "Announcement");
    public static final CampaignType PRODUCT_NEWS = new CampaignType("PRODUCT_SERVICE_NEWS", 12, "Product/Service News");
    public static final CampaignType EVENT = new CampaignType("EVENT_ANNOUNCEMENT", 20, "Event Announcement");
    public static final CampaignType SALE = new CampaignType("SALE_PROMOTION", 22, "Sale Promotion");
    public static final CampaignType FEEDBACK = new CampaignType("FEEDBACK_REQUEST", 18, "Feedback Request");
    public static final CampaignType CUSTOM_CODE = new CampaignType("CUSTOM_CODE_EMAIL", 26, "Custom Code Email");

    public CampaignType {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(label, "label");
        if (code < 1) {
            throw new IllegalArgumentException("code must be positive");
        }
    }
}
