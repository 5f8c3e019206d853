package io.ccheadless.sandbox.api;

import io.ccheadless.sandbox.data.AccountProfile;
import io.ccheadless.sandbox.data.UserPrivileges;
import io.ccheadless.sandbox.http.Json;
import io.ccheadless.sandbox.http.Response;
import java.util.Objects;
import java.util.Set;

/**
 * {@code GET /v3/account/summary} ({@code Customer}); {@code extra_fields=physical_address} adds the address.
 * {@code GET /v3/account/user/privileges}: the privileges of the user the access token was issued to.
 */
public final class AccountEndpoint {
    record Address(String addressLine1, String city, String stateCode, String postalCode, String countryCode) {
    }

    record Customer(String contactEmail, String contactPhone, String countryCode, String encodedAccountId,
                    String firstName, String lastName, String organizationName, String organizationPhone,
                    String stateCode, String timeZoneId, String website, Address physicalAddress) {
    }

    private final Json json;
    private final UserPrivileges privileges;

    public AccountEndpoint(Json json) {
        this(json, new UserPrivileges());
    }

    public AccountEndpoint(Json json, UserPrivileges privileges) {
        this.json = Objects.requireNonNull(json, "json");
        this.privileges = Objects.requireNonNull(privileges, "privileges");
    }

    /** A JSON array of {@code {privilege_id, privilege_name}}, as CC's {@code UserPrivilegesResource}. */
    public Response privileges(ApiCall call) {
        return json.response(200, privileges.of(call.claims().subject()));
    }

    public Response summary(ApiCall call) {
        Set<String> extra = Set.of(call.request().query().first("extra_fields").orElse("").split("\\s*,\\s*"));
        for (String e : extra) {
            if (!e.isEmpty() && !e.equals("physical_address") && !e.equals("company_logo")) {
                return ApiErrors.badRequest("extra_fields may contain physical_address and company_logo only.");
            }
        }
        AccountProfile p = call.account().profile();
        AccountProfile.Address a = p.address();
        Address address = extra.contains("physical_address")
                ? new Address(a.line1(), a.city(), a.stateCode(), a.postalCode(), a.countryCode()) : null;
        return json.response(200, new Customer(p.contactEmail(), p.contactPhone(), a.countryCode(), p.encodedAccountId(),
                p.firstName(), p.lastName(), p.organizationName(), p.organizationPhone(), a.stateCode(), p.timeZoneId(),
                p.website(), address));
    }
}
