package io.ccheadless.core.api;

import java.util.Objects;

/**
 * A permit ledger item that is not one this code writes (an attribute missing or of another kind): nothing is sent to
 * CC and the item is left for an operator to delete or repair (docs/rate-governor.md, "When the ledger fails"). Not
 * transient: asking again meets the same item. Names the item and the attribute, never a value.
 */
public final class MalformedPermitLedgerException extends RuntimeException {
    private final String item;
    private final String attribute;

    public MalformedPermitLedgerException(String item, String attribute, String problem, Throwable cause) {
        super("the permit ledger item " + item + " is not one this code writes: its " + attribute + " " + problem, cause);
        this.item = Objects.requireNonNull(item, "item");
        this.attribute = Objects.requireNonNull(attribute, "attribute");
    }

    /** The item's key, as stored ({@code ccrate#…}). */
    public String item() {
        return item;
    }

    /** The attribute that is missing or unreadable. */
    public String attribute() {
        return attribute;
    }
}
