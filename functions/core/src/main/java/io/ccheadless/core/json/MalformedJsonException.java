package io.ccheadless.core.json;

/**
 * Input that is not JSON, or no JSON at all ({@link #empty()}: nothing but whitespace). The message never quotes the
 * input, which may hold a token (Jackson's own message carries an excerpt of the source, so it is dropped); callers
 * name what was malformed in their own words.
 */
public final class MalformedJsonException extends Exception {
    private final boolean empty;

    private MalformedJsonException(String message, boolean empty) {
        super(message, null, false, false);
        this.empty = empty;
    }

    static MalformedJsonException notJson() {
        return new MalformedJsonException("not JSON", false);
    }

    static MalformedJsonException noContent() {
        return new MalformedJsonException("no content", true);
    }

    /** The input held nothing but whitespace: a document that is missing rather than malformed. */
    public boolean empty() {
        return empty;
    }
}
