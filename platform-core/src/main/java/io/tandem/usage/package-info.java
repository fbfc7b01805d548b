/**
 * Product usage: what customers do in the tenant's own product, sent by the tenant's analytics
 * libraries to a Segment-compatible endpoint, kept as when each account first used each feature
 * (the funnel's {@code feature_usage}, through its ingestion service).
 */
package io.tandem.usage;
