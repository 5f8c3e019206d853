package io.ccheadless.core.campaigns;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** CC's rate definitions (README, "Rates"), not our own ratios. */
class CampaignRatesTest {
    @Test
    void opensClicksAndOptOutsAreRatesOfDeliveredSendsAndBouncesOfSends() {
        // CC's worked example: 5 sent, 1 bounced, 2 opened: open rate 50 %
        CampaignRates r = CampaignRates.of(new CampaignStats(5, 2, 1, 0, 1, 0, 1, 2));
        assertEquals(50.0, r.open());
        assertEquals(25.0, r.click(), "1 click of 4 delivered, not 1 of 2 opens");
        assertEquals(20.0, r.bounce(), "1 bounce of 5 sends");
        assertEquals(25.0, r.unsubscribe());
    }

    @Test
    void ratesRoundToOneDecimalAndAreAbsentWithNothingDelivered() {
        CampaignRates r = CampaignRates.of(new CampaignStats(3, 1, 0, 0, 0, 0, 0, 2));
        assertEquals(33.3, r.open());
        assertEquals(0.0, r.click());
        CampaignRates none = CampaignRates.of(new CampaignStats(2, 0, 0, 0, 0, 0, 2, 0));
        assertNull(none.open(), "all bounced: nothing delivered");
        assertEquals(100.0, none.bounce());
        assertEquals(new CampaignRates(null, null, null, null), CampaignRates.of(CampaignStats.NONE));
    }
}
