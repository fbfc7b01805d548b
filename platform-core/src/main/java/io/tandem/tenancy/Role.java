package io.tandem.tenancy;

/** What a person may do in their tenant: ADMIN manages the tenant, MEMBER works in it, VIEWER reads. */
public enum Role {
    ADMIN, MEMBER, VIEWER
}
