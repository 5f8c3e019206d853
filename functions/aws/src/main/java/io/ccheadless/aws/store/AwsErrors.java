package io.ccheadless.aws.store;

import io.ccheadless.core.token.StoreUnavailableException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Translates SDK failures at the adapter boundary into one plain sentence naming what to check. */
public final class AwsErrors {
    private AwsErrors() {
    }

    public static StoreUnavailableException unavailable(String what, SdkException e) {
        String why = e instanceof SdkClientException
                ? "cannot reach the AWS endpoint (" + firstLine(e.getMessage()) + "); check AWS_REGION, AWS_ENDPOINT_URL and credentials"
                : firstLine(e.getMessage());
        return new StoreUnavailableException(what + ": " + why, e);
    }

    /** Throttling, a 5xx, a timeout or an unreachable endpoint: the same call may succeed later. */
    public static boolean transientFailure(SdkException e) {
        return e instanceof SdkClientException || e.retryable()
                || (e instanceof AwsServiceException s && (s.statusCode() >= 500 || s.isThrottlingException()));
    }

    static String firstLine(String s) {
        if (s == null) {
            return "no message";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
