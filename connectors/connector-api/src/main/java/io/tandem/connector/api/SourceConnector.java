package io.tandem.connector.api;

import org.pf4j.ExtensionPoint;

import java.util.List;

/**
 * A source of sales and marketing records: a CRM, an ad platform, a product-analytics tool, files.
 * One instance serves every connection of every tenant, so it keeps no state between calls: what
 * it needs comes in as arguments, and what it must remember goes out through
 * {@link RecordSink#checkpoint}.
 */
public interface SourceConnector extends ExtensionPoint {

    /** What this connector is, the configuration it needs, the streams it reads, the stage values it emits. */
    ConnectorSpec spec();

    /** Whether the configuration works (credentials, reachability), with a message for the admin. */
    CheckResult check(ConnectorConfig config, ConnectorContext context);

    /** The streams this configuration can read now (a tenant may lack a vendor feature, e.g. campaigns). */
    List<StreamDescriptor> discover(ConnectorConfig config, ConnectorContext context);

    /**
     * Reads the requested streams from where their state says, emitting records and checkpointing as
     * it goes. The host writes every record emitted before a checkpoint, and the checkpoint, in one
     * transaction: a run that fails or is cancelled resumes from the last checkpoint.
     *
     * @throws QuotaExhausted when the vendor's quota ran out: the run ends as {@code partial}, its
     *                        checkpoints kept, and the next run resumes
     * @throws ConnectorFailure for anything else that ends the run with a message for the admin
     */
    void read(ConnectorConfig config, ReadRequest request, RecordSink sink, ConnectorContext context);
}
