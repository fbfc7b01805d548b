package io.tandem.tenancy;

/** The go-to-market team a person belongs to; plans, inboxes and approvals are by team. */
public enum Team {
    MARKETING, SALES, REVOPS, LEADERSHIP
}
