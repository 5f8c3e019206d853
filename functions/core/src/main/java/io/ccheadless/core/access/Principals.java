package io.ccheadless.core.access;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The principal a grant names, from the caller ARN API Gateway reports for a SigV4 request
 * ({@code requestContext.authorizer.iam.userArn}). A role's sessions all count as the role:
 * {@code arn:aws:sts::123456789012:assumed-role/reporting/session-1} is granted as
 * {@code arn:aws:iam::123456789012:role/reporting}. IAM users are taken as they are. Anything else
 * (federated users, root, a malformed ARN) is no principal, and so is refused.
 */
public final class Principals {
    private static final Pattern ASSUMED_ROLE =
            Pattern.compile("arn:(aws[a-z-]*):sts::(\\d{12}):assumed-role/([\\w+=,.@-]{1,64})/[\\w+=,.@-]{2,64}");
    private static final Pattern ROLE_OR_USER =
            Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:(role|user)/([\\w+=,.@-]{1,128}/)*[\\w+=,.@-]{1,128}");

    /** How a principal is named on the command line and in messages. */
    public static final String RULE = "an IAM role or user ARN, e.g. arn:aws:iam::123456789012:role/reporting";

    private Principals() {
    }

    /** The grantable principal behind {@code callerArn}, or empty when it names none. */
    public static Optional<String> canonical(String callerArn) {
        if (callerArn == null) {
            return Optional.empty();
        }
        Matcher m = ASSUMED_ROLE.matcher(callerArn);
        if (m.matches()) {
            // The session ARN does not carry the role's path: a role with a path is granted without it.
            return Optional.of("arn:" + m.group(1) + ":iam::" + m.group(2) + ":role/" + m.group(3));
        }
        if (ROLE_OR_USER.matcher(callerArn).matches()) {
            return Optional.of(stripPath(callerArn));
        }
        return Optional.empty();
    }

    /** {@code arn:aws:iam::1:role/path/to/name} → {@code arn:aws:iam::1:role/name}, as assumed-role sessions report it. */
    private static String stripPath(String arn) {
        int kind = arn.indexOf(":role/") >= 0 ? arn.indexOf(":role/") + 6 : arn.indexOf(":user/") + 6;
        int last = arn.lastIndexOf('/');
        return last < kind ? arn : arn.substring(0, kind) + arn.substring(last + 1);
    }
}
