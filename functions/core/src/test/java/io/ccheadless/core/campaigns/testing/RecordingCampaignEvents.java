package io.ccheadless.core.campaigns.testing;

import io.ccheadless.core.campaigns.CampaignEvents;
import io.ccheadless.core.campaigns.CampaignSend;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Publishes into a list. {@link #refuse} makes matching sends come back refused (the bus said no). */
public final class RecordingCampaignEvents implements CampaignEvents {
    private final List<CampaignSend> published = new ArrayList<>();
    private Predicate<CampaignSend> refuse = s -> false;
    private int calls;

    @Override
    public synchronized Publication publish(List<CampaignSend> sends) {
        calls++;
        List<CampaignSend> refused = new ArrayList<>();
        for (CampaignSend s : sends) {
            if (refuse.test(s)) {
                refused.add(s);
            } else {
                published.add(s);
            }
        }
        return new Publication(sends.size() - refused.size(), refused, 0);
    }

    public synchronized void refuse(Predicate<CampaignSend> which) {
        this.refuse = which;
    }

    public synchronized List<CampaignSend> published() {
        return List.copyOf(published);
    }

    public synchronized int calls() {
        return calls;
    }
}
