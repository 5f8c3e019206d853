package io.ccheadless.core.api;

import java.time.Instant;

/**
 * The daily request budget toward CC, shared by everything that uses one API key (CC: 10,000 requests per
 * key and UTC day). Requests are taken in small blocks before they are sent and unused ones given back, so
 * concurrent syncs of different tenants never overdraw it together.
 */
public interface RequestBudget {
    /** Takes up to {@code wanted} requests from the UTC day of {@code now}; answers how many were granted (0: spent). */
    int take(int wanted, Instant now);

    /** Returns {@code unused} requests that were taken on the UTC day of {@code takenAt}. */
    void giveBack(int unused, Instant takenAt);

    /** No budget at all (tests, one-off operator calls). */
    RequestBudget UNLIMITED = new RequestBudget() {
        @Override
        public int take(int wanted, Instant now) {
            return wanted;
        }

        @Override
        public void giveBack(int unused, Instant takenAt) {
        }
    };
}
