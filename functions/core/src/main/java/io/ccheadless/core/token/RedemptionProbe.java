package io.ccheadless.core.token;

/**
 * Called as a redemption passes each step of the protocol. Production uses {@link #NONE}; the crash
 * matrix uses it to stop a redeemer (SIGKILL) exactly at a step.
 */
@FunctionalInterface
public interface RedemptionProbe {
    enum Step {
        /** The lease is held, nothing else written. */
        LEASE_TAKEN,
        /** The intent is on the pointer; CC not yet called. */
        INTENT_RECORDED,
        /** CC answered with the next token set; nothing stored yet (the only window where a token can be lost). */
        CC_ANSWERED,
        /** Generation N+1 is in the vault; the pointer still names N. */
        SECRET_WRITTEN,
        /** The pointer names N+1; the lease is not yet released. */
        POINTER_COMMITTED
    }

    void reached(Step step, String tenant, long generation);

    RedemptionProbe NONE = (step, tenant, generation) -> { };
}
