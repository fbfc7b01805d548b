package io.tandem.bench;

import io.tandem.connector.api.Account;
import io.tandem.connector.api.Campaign;
import io.tandem.connector.api.CheckResult;
import io.tandem.connector.api.ConfigField;
import io.tandem.connector.api.ConnectorConfig;
import io.tandem.connector.api.ConnectorContext;
import io.tandem.connector.api.ConnectorSpec;
import io.tandem.connector.api.Lead;
import io.tandem.connector.api.MrrChange;
import io.tandem.connector.api.Opportunity;
import io.tandem.connector.api.ReadRequest;
import io.tandem.connector.api.RecordKind;
import io.tandem.connector.api.RecordSink;
import io.tandem.connector.api.SourceConnector;
import io.tandem.connector.api.SourceRecord;
import io.tandem.connector.api.Spend;
import io.tandem.connector.api.StageChange;
import io.tandem.connector.api.StageSuggestion;
import io.tandem.connector.api.StreamDescriptor;
import io.tandem.funnel.ingest.RecordType;
import org.pf4j.Extension;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's source: the same generated tenant as the ingestion path loads, emitted as canonical
 * records through the SPI, with a checkpoint after every chunk (a resumed read skips the chunks before
 * its checkpoint). Installed as a real plugin, so a sync of it runs exactly as a vendor's would.
 */
@Extension
public class BenchConnector implements SourceConnector {

    static final String ID = "bench-source";
    private static final List<String> STAGES = List.of("INQUIRY", "MQL", "SAL", "SQL", "OPPORTUNITY", "WON", "LOST");

    @Override
    public ConnectorSpec spec() {
        List<StageSuggestion> stages = new ArrayList<>();
        STAGES.forEach(stage -> stages.add(new StageSuggestion(RecordKind.LEAD, stage, stage)));
        return new ConnectorSpec(ID, "Benchmark source", "1.0.0", "The benchmark's generated tenant.",
                List.of(new ConfigField("leads", ConfigField.FieldType.NUMBER, true, false, "How many leads", null),
                        new ConfigField("seed", ConfigField.FieldType.NUMBER, true, false, "Random seed", null)),
                List.of(new StreamDescriptor("campaigns", RecordKind.CAMPAIGN, StreamDescriptor.CursorKind.OPAQUE),
                        new StreamDescriptor("accounts", RecordKind.ACCOUNT, StreamDescriptor.CursorKind.OPAQUE),
                        new StreamDescriptor("mrr", RecordKind.MRR_CHANGE, StreamDescriptor.CursorKind.OPAQUE),
                        new StreamDescriptor("spend", RecordKind.SPEND, StreamDescriptor.CursorKind.OPAQUE),
                        new StreamDescriptor("leads", RecordKind.LEAD, StreamDescriptor.CursorKind.OPAQUE),
                        new StreamDescriptor("opportunities", RecordKind.OPPORTUNITY, StreamDescriptor.CursorKind.OPAQUE),
                        new StreamDescriptor("stage-changes", RecordKind.STAGE_CHANGE, StreamDescriptor.CursorKind.OPAQUE)),
                stages);
    }

    @Override
    public CheckResult check(ConnectorConfig config, ConnectorContext context) {
        return CheckResult.success("Ready.");
    }

    @Override
    public List<StreamDescriptor> discover(ConnectorConfig config, ConnectorContext context) {
        return spec().streams();
    }

    @Override
    public void read(ConnectorConfig config, ReadRequest request, RecordSink sink, ConnectorContext context) {
        int leads = Integer.parseInt(config.require("leads"));
        long seed = Long.parseLong(config.require("seed"));
        long done = request.stateOf("leads").map(Long::parseLong).orElse(0L);
        long[] chunk = {0};
        new BenchTenant(leads, seed).generate((type, rows) -> {
            chunk[0]++;
            if (chunk[0] <= done) {
                return; // emitted and checkpointed by an earlier read
            }
            context.stopIfCancelled();
            for (Map<String, String> row : rows) {
                sink.emit(record(type, row));
            }
            sink.checkpoint("leads", Long.toString(chunk[0]));
        });
    }

    private static SourceRecord record(RecordType type, Map<String, String> r) {
        switch (type) {
            case CAMPAIGNS:
                return new Campaign(r.get("external_id"), r.get("name"), r.get("channel"), null, null);
            case ACCOUNTS:
                return new Account(r.get("external_id"), r.get("name"), r.get("segment"), null, instant(r.get("started_at")),
                        instant(r.get("churned_at")));
            case MRR:
                return new MrrChange(r.get("account_id"), instant(r.get("effective_at")), decimal(r.get("mrr")), r.get("currency"));
            case SPEND:
                return new Spend(r.get("campaign_id"), r.get("team"), instant(r.get("period_start")), instant(r.get("period_end")),
                        decimal(r.get("amount")), r.get("currency"));
            case LEADS:
                return new Lead(r.get("external_id"), r.get("email"), r.get("name"), r.get("company"), r.get("source"), r.get("campaign_id"),
                        instant(r.get("created_at")), decimal(r.get("marketing_score")), decimal(r.get("budget")),
                        Boolean.valueOf(r.get("authority")), r.get("need"), Integer.valueOf(r.get("timeline_days")), r.get("owner_email"), null,
                        Map.of());
            case OPPORTUNITIES:
                return new Opportunity(r.get("external_id"), r.get("lead_id"), r.get("account_id"), r.get("name"), decimal(r.get("amount")),
                        r.get("currency"), instant(r.get("created_at")), instant(r.get("closed_at")),
                        Opportunity.Status.valueOf(r.get("status").toUpperCase(Locale.ROOT)), r.get("lost_reason"), r.get("owner_email"), null, null);
            case STAGE_CHANGES:
                return new StageChange(RecordKind.LEAD, r.get("record_id"), r.get("stage"), instant(r.get("occurred_at")),
                        StageChange.Provenance.HISTORY);
            default:
                throw new IllegalArgumentException("the benchmark does not generate " + type);
        }
    }

    private static Instant instant(String value) {
        return value == null ? null : Instant.parse(value);
    }

    private static BigDecimal decimal(String value) {
        return value == null ? null : new BigDecimal(value);
    }
}
