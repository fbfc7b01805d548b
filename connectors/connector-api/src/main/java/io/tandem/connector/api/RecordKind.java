package io.tandem.connector.api;

/** The kinds of canonical record, one per table of Tandem's funnel. */
public enum RecordKind { LEAD, ACCOUNT, OPPORTUNITY, CAMPAIGN, SPEND, MRR_CHANGE, FEATURE_USAGE, STAGE_CHANGE }
