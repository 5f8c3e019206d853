package io.ccheadless.core.json;

/**
 * Input that is not JSON. The message never quotes the input, which may hold a token (Jackson's own message carries
 * an excerpt of the source, so it is dropped); callers name what was malformed in their own words.
 */
public final class MalformedJsonException extends Exception {
    MalformedJsonException(String message) {
        super(message, null, false, false);
    }
}
