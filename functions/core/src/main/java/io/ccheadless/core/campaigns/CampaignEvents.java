package io.ccheadless.core.campaigns;

import java.util.List;
import java.util.Objects;

/** Announces sends (EventBridge in production). Events carry no secrets. */
public interface CampaignEvents {
    /**
     * Publishes one event per send. Never publishes a send twice within a call: entries the bus refused are
     * retried; a call whose outcome is unknown (a timeout) is not, and is counted as {@link Publication#uncertain()}.
     */
    Publication publish(List<CampaignSend> sends);

    /**
     * @param refused   sends certainly not published (safe to try again in a later run)
     * @param uncertain sends that may or may not have been published; treated as published (at most once)
     */
    record Publication(int published, List<CampaignSend> refused, int uncertain) {
        public Publication {
            refused = List.copyOf(Objects.requireNonNull(refused, "refused"));
            if (published < 0 || uncertain < 0) {
                throw new IllegalArgumentException("counts cannot be negative");
            }
        }

        public static Publication allPublished(int n) {
            return new Publication(n, List.of(), 0);
        }
    }
}
