package io.ccheadless.core.campaigns;

import java.time.Instant;

/**
 * The sync-state item of one tenant.
 *
 * @param watermark       the newest send such that every send up to it (within the look-back window) is stored
 *                        and announced; null before the first complete pass. Never ahead of what is stored.
 * @param statsSweptAt    when the last pass that refreshed the whole stats window began; null before the first
 * @param checkpoint      the unfinished pass, or null
 * @param lastCompletedAt when the last pass completed
 */
public record SyncState(Instant watermark, Instant statsSweptAt, SyncCheckpoint checkpoint, Instant lastCompletedAt) {
    public static final SyncState EMPTY = new SyncState(null, null, null, null);

    public SyncState withCheckpoint(SyncCheckpoint cp) {
        return new SyncState(watermark, statsSweptAt, cp, lastCompletedAt);
    }
}
