package io.ccheadless.aws.config;

import io.ccheadless.aws.AwsClients;
import io.ccheadless.aws.testing.Moto;
import io.ccheadless.aws.store.DynamoTenantRegistry;
import io.ccheadless.core.partner.PartnerCredentials;
import io.ccheadless.core.tenants.PartnerListing;
import io.ccheadless.core.tenants.TenantEntry;
import io.ccheadless.core.tenants.TenantKind;
import io.ccheadless.core.token.StoreUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The partner side's adapters on a stack deployed with PartnerAccounts=Enabled (moto). The credentials secret: a
 * placeholder until the operator stores a complete set, read once per container; an unreachable Secrets Manager is
 * transient (read again next time), never a configuration error; no message ever holds a value; a stack without it
 * has no partner secret. The registry's partner items: listed with the OAuth tenants, recorded one PutItem each, a
 * failed write typed and changing nothing.
 */
class PartnerAdaptersMotoTest {
    static final String SECRET = "partner-secret-" + System.nanoTime();
    static final String KEY = "partner-api-key-" + System.nanoTime();

    static Map<String, String> env;
    static AwsClients aws;

    /** One stack for the class (a deploy costs seconds); each test sets the secret it needs. */
    @BeforeAll
    static void start() {
        env = Moto.environment("http://127.0.0.1:9/oauth2/default/v1", "http://127.0.0.1:9", Map.of("PartnerAccounts", "Enabled"));
        aws = Moto.provision(env, "client", "secret");
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void thePlaceholderIsRefusedUntilACompleteSetIsStoredAndNoMessageHoldsAValue() {
        Settings s = Settings.fromEnvironment(env);
        assertTrue(s.hasPartner(), "PartnerAccounts=Enabled: the stack's secret is PARTNER_SECRET_ID");
        aws.secrets().putSecretValue(b -> b.secretId(s.partnerSecretId())   // what the template creates
                .secretString("{\"client_id\": \"REPLACE_ME\", \"client_secret\": \"REPLACE_ME\", \"api_key\": \"REPLACE_ME\"}"));
        PartnerCredentialsSecret secret = new PartnerCredentialsSecret(aws.secrets(), s.partnerSecretId());
        ConfigurationException placeholder = assertThrows(ConfigurationException.class, secret::get);
        assertTrue(placeholder.getMessage().contains("cch partner credentials set"), placeholder.getMessage());

        String partial = "{\"client_id\": \"p\", \"client_secret\": \"" + SECRET + "\"}";
        ConfigurationException refused = assertThrows(ConfigurationException.class, () -> secret.store(partial));
        assertFalse(refused.getMessage().contains(SECRET), refused.getMessage());
        assertThrows(ConfigurationException.class, secret::get, "a refused input stores nothing");

        PartnerCredentials stored = secret.store("{\"client_id\": \"p\", \"client_secret\": \"" + SECRET + "\", \"api_key\": \"" + KEY + "\"}");
        PartnerCredentials read = new PartnerCredentialsSecret(aws.secrets(), s.partnerSecretId()).get();
        assertEquals("p", read.clientId());
        assertEquals(SECRET, read.clientSecret().reveal());
        assertEquals(KEY, read.apiKey().reveal());
        assertEquals(stored.keyLabel(), read.keyLabel());
        assertFalse(read.toString().contains(SECRET) || read.toString().contains(KEY) || read.toString().contains("=p"), read.toString());
    }

    @Test
    void anUnreachableSecretsManagerIsTransientAndTheNextCallReadsAgain() {
        Settings s = Settings.fromEnvironment(env);
        new PartnerCredentialsSecret(aws.secrets(), s.partnerSecretId())
                .store("{\"client_id\": \"p\", \"client_secret\": \"" + SECRET + "\", \"api_key\": \"" + KEY + "\"}");
        AtomicInteger failures = new AtomicInteger(1);
        ExecutionInterceptor unreachable = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (failures.getAndDecrement() > 0) {
                    throw SdkClientException.create("Unable to execute HTTP request: Connection reset");
                }
            }
        };
        try (AwsClients faulty = AwsClients.create(s, Duration.ofSeconds(4), List.of(unreachable))) {
            PartnerCredentialsSecret secret = new PartnerCredentialsSecret(faulty.secrets(), s.partnerSecretId());
            StoreUnavailableException e = assertThrows(StoreUnavailableException.class, secret::get);
            assertTrue(e.getMessage().contains("reading partner credentials secret"), e.getMessage());
            assertFalse(secret.holdsCredentials());
            assertEquals(KEY, secret.get().apiKey().reveal(), "read again on the next call");
        }
    }

    @Test
    void withoutPartnerSecretIdTheStackHasNoPartnerTenantsAndSaysSo() {
        Map<String, String> plain = new java.util.HashMap<>(env);
        plain.remove("PARTNER_SECRET_ID");   // what a stack deployed with PartnerAccounts=Disabled gives its functions
        Settings s = Settings.fromEnvironment(plain);
        assertFalse(s.hasPartner());
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new PartnerCredentialsSecret(aws.secrets(), s.partnerSecretId()).get());
        assertTrue(e.getMessage().contains("PARTNER_SECRET_ID"), e.getMessage());
        assertEquals(java.net.URI.create("http://127.0.0.1:9/partners/oauth2/default/v1/token"), s.partnerTokenUrl());
        assertEquals(10, s.ccPartnerRequestsPerSecond());
        assertEquals(240_000, s.ccPartnerDailyRequestBudget());
        plain.put("CC_PARTNER_REQUESTS_PER_SECOND", "0");
        assertTrue(assertThrows(ConfigurationException.class, () -> Settings.fromEnvironment(plain)).getMessage()
                .contains("CC_PARTNER_REQUESTS_PER_SECOND"));
    }

    @Test
    void theRegistryListsAndRecordsPartnerTenantsAndAFailedWriteIsTypedAndChangesNothing() {
        Settings s = Settings.fromEnvironment(env);
        DynamoTenantRegistry registry = new DynamoTenantRegistry(aws.dynamo(), s.stateTable());
        java.time.Instant t0 = java.time.Instant.parse("2026-03-10T15:00:00Z");
        PartnerListing a = new PartnerListing("acctA" + Long.toHexString(System.nanoTime()), "Harbor Street Bakery", true, t0);
        PartnerListing b = new PartnerListing("acctB" + Long.toHexString(System.nanoTime()), "Bluebird Books", true, t0);
        registry.put(a);
        registry.put(b);
        registry.put(new PartnerListing(b.encodedAccountId(), b.organizationName(), false, t0.plusSeconds(3600)));
        List<TenantEntry> partners = registry.list().stream().filter(t -> t.kind() == TenantKind.PARTNER).toList();
        assertEquals(List.of(TenantEntry.partner(a, null),
                TenantEntry.partner(new PartnerListing(b.encodedAccountId(), b.organizationName(), false, t0.plusSeconds(3600)), null)),
                partners, "read back field for field; the unlisted one kept");
        assertEquals(List.of("LISTED", "UNLISTED"), partners.stream().map(TenantEntry::state).toList());
        assertEquals(List.of(true, false), partners.stream().map(TenantEntry::syncable).toList());

        ExecutionInterceptor writesFail = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if ("PutItem".equals(attributes.getAttribute(software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.OPERATION_NAME))) {
                    throw SdkClientException.create("Unable to execute HTTP request: Connection reset");
                }
            }
        };
        try (AwsClients faulty = AwsClients.create(s, Duration.ofSeconds(4), List.of(writesFail))) {
            DynamoTenantRegistry failing = new DynamoTenantRegistry(faulty.dynamo(), s.stateTable());
            StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> failing.put(b));
            assertTrue(e.getMessage().contains("recording partner tenant partner." + b.encodedAccountId()), e.getMessage());
            assertEquals(partners, failing.list().stream().filter(t -> t.kind() == TenantKind.PARTNER).toList(),
                    "listing still works, and nothing changed");
        }
    }
}
