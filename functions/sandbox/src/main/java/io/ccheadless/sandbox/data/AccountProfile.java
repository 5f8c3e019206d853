package io.ccheadless.sandbox.data;

import java.util.Objects;

/** A CC account's owner and organization details (what {@code GET /v3/account/summary} shows). */
public record AccountProfile(String encodedAccountId, String organizationName, String firstName, String lastName,
                             String contactEmail, String contactPhone, String organizationPhone, String website,
                             String timeZoneId, Address address) {
    public record Address(String line1, String city, String stateCode, String postalCode, String countryCode) {
        public Address {
            Objects.requireNonNull(line1, "line1");
            Objects.requireNonNull(city, "city");
            Objects.requireNonNull(stateCode, "stateCode");
            Objects.requireNonNull(postalCode, "postalCode");
            Objects.requireNonNull(countryCode, "countryCode");
        }
    }

    public AccountProfile {
        Objects.requireNonNull(encodedAccountId, "encodedAccountId");
        Objects.requireNonNull(organizationName, "organizationName");
        Objects.requireNonNull(firstName, "firstName");
        Objects.requireNonNull(lastName, "lastName");
        Objects.requireNonNull(contactEmail, "contactEmail");
        Objects.requireNonNull(contactPhone, "contactPhone");
        Objects.requireNonNull(organizationPhone, "organizationPhone");
        Objects.requireNonNull(website, "website");
        Objects.requireNonNull(timeZoneId, "timeZoneId");
        Objects.requireNonNull(address, "address");
    }
}
