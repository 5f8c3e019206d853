package io.ccheadless.core.tenants;

import java.util.List;

/** The set of tenants the stack holds a token pointer for (one item each in the state table), in tenant order. */
public interface TenantRegistry {
    List<TenantEntry> list();
}
