package io.tandem.connector.adspend;

import io.tandem.connector.api.CheckResult;
import io.tandem.connector.api.ConfigField;
import io.tandem.connector.api.ConnectorConfig;
import io.tandem.connector.api.ConnectorContext;
import io.tandem.connector.api.ConnectorFailure;
import io.tandem.connector.api.ConnectorSpec;
import io.tandem.connector.api.Json;
import io.tandem.connector.api.ReadRequest;
import io.tandem.connector.api.RecordKind;
import io.tandem.connector.api.RecordSink;
import io.tandem.connector.api.SourceConnector;
import io.tandem.connector.api.Spend;
import io.tandem.connector.api.StreamDescriptor;
import org.pf4j.Extension;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Daily spend per ad campaign from Google Ads, Meta, LinkedIn, or spend files. Platforms restate the
 * last few days' costs, so every run pulls the last {@code days} days again and overwrites them, a
 * day a campaign no longer shows becoming zero; older days are pulled once. Each row keeps its
 * currency. The platform's campaigns are not Tandem's: each row names its campaign, and Tandem maps
 * it to one of its own (by name when first seen; an admin can map it again on the connection).
 */
@Extension
public class AdSpendConnector implements SourceConnector {

    static final String VERSION = "0.1.0";
    private static final int DEFAULT_DAYS = 7;
    private static final int FIRST_SYNC_DAYS = 90;
    /** Days per request: keeps each answer small and each checkpoint close to the last. */
    private static final int SLICE_DAYS = 31;

    @Override
    public ConnectorSpec spec() {
        return new ConnectorSpec("ad-spend", "Ad spend", VERSION,
                "Daily spend per campaign from Google Ads, Meta or LinkedIn (or spend files), mapped to your campaigns.",
                List.of(ConfigField.text("platform", true, "google-ads, meta, linkedin, or file (JSON or CSV files uploaded to this connection)."),
                        new ConfigField("accessToken", ConfigField.FieldType.TEXT, false, true, "The platform's OAuth access token.", null),
                        new ConfigField("developerToken", ConfigField.FieldType.TEXT, false, true, "Google Ads: your developer token.", null),
                        ConfigField.text("customerId", false, "Google Ads: the account's customer id, e.g. 123-456-7890."),
                        ConfigField.text("loginCustomerId", false, "Google Ads: the manager account's id, when access goes through one."),
                        ConfigField.text("adAccountId", false, "Meta: act_… ; LinkedIn: the ad account's number."),
                        new ConfigField("currency", ConfigField.FieldType.TEXT, false, false,
                                "LinkedIn, and files whose rows name none: the currency of the costs.", "USD"),
                        new ConfigField("days", ConfigField.FieldType.NUMBER, false, false,
                                "How many recent days every sync pulls again (platforms restate them).", Integer.toString(DEFAULT_DAYS)),
                        ConfigField.text("startDate", false, "The first day the first sync pulls (YYYY-MM-DD); default 90 days back."),
                        new ConfigField("baseUrl", ConfigField.FieldType.URL, false, false,
                                "The platform's API root; change it only for a proxy or sandbox.", null)),
                List.of(new StreamDescriptor("spend", RecordKind.SPEND, StreamDescriptor.CursorKind.TIMESTAMP)),
                List.of());
    }

    @Override
    public CheckResult check(ConnectorConfig config, ConnectorContext context) {
        try {
            if (platformName(config).equals("file")) {
                return CheckResult.success(context.files().list().size() + " file(s) uploaded to this connection.");
            }
            platform(config, context).check();
            return CheckResult.success("Connected to " + platformName(config) + ".");
        } catch (ConnectorFailure failure) {
            return CheckResult.failure(failure.getMessage());
        } catch (java.io.IOException e) {
            return CheckResult.failure("The files could not be listed: " + e.getMessage());
        }
    }

    @Override
    public List<StreamDescriptor> discover(ConnectorConfig config, ConnectorContext context) {
        return spec().streams();
    }

    @Override
    public void read(ConnectorConfig config, ReadRequest request, RecordSink sink, ConnectorContext context) {
        if (!request.streams().contains("spend")) {
            return;
        }
        String currency = config.get("currency").orElse("USD");
        if (platformName(config).equals("file")) {
            for (DayCost cost : new SpendFiles(context.files(), currency).costs((where, why) -> sink.reject("spend", where, why))) {
                emit(cost, sink);
            }
            sink.checkpoint("spend", "{}");
            return;
        }
        Platform platform = platform(config, context);
        LocalDate today = context.clock().instant().atZone(ZoneOffset.UTC).toLocalDate();
        int days = Math.max(1, Integer.parseInt(config.get("days").orElse(Integer.toString(DEFAULT_DAYS))));
        LocalDate windowStart = today.minusDays(days - 1L);
        Map<String, Object> state = request.stateOf("spend").map(Json::object).orElse(Map.of());
        String through = Json.text(state, "through");
        LocalDate first = config.get("startDate").map(LocalDate::parse).orElse(today.minusDays(FIRST_SYNC_DAYS));
        LocalDate from = through == null ? first : LocalDate.parse(through).plusDays(1);
        if (from.isAfter(windowStart)) {
            from = windowStart.isBefore(first) ? first : windowStart;
        }
        // Campaigns with spend inside the window last time, or this time: a day they no longer show becomes zero.
        // The next run remembers only those seen this time (the others were zeroed now, once and for all).
        Map<String, String> recent = new LinkedHashMap<>();
        Json.object(state, "recent").forEach((id, name) -> recent.put(id, name == null ? id : name.toString()));
        Map<String, String> seen = new LinkedHashMap<>();
        for (LocalDate sliceStart = from; !sliceStart.isAfter(today); sliceStart = sliceStart.plusDays(SLICE_DAYS)) {
            LocalDate sliceEnd = sliceStart.plusDays(SLICE_DAYS - 1L).isAfter(today) ? today : sliceStart.plusDays(SLICE_DAYS - 1L);
            List<DayCost> costs = platform.costs(sliceStart, sliceEnd);
            Map<String, Set<LocalDate>> reported = new TreeMap<>();
            Map<String, String> currencies = new LinkedHashMap<>();
            for (DayCost cost : costs) {
                emit(cost, sink);
                reported.computeIfAbsent(cost.campaignId(), k -> new HashSet<>()).add(cost.day());
                currencies.put(cost.campaignId(), cost.currency());
                if (!cost.day().isBefore(windowStart)) {
                    recent.put(cost.campaignId(), cost.campaignName());
                    seen.put(cost.campaignId(), cost.campaignName());
                }
            }
            if (!sliceEnd.isBefore(windowStart)) {
                zeroMissingDays(recent, reported, currencies, sliceStart.isBefore(windowStart) ? windowStart : sliceStart, sliceEnd, currency, sink);
            }
            Map<String, Object> next = new LinkedHashMap<>();
            next.put("through", sliceEnd.toString());
            next.put("recent", new LinkedHashMap<>(sliceEnd.equals(today) ? seen : recent));
            sink.checkpoint("spend", Json.write(next));
        }
    }

    /** In the re-pulled window, a day a recent campaign no longer reports cost nothing: written as zero over what was there. */
    private static void zeroMissingDays(Map<String, String> recent, Map<String, Set<LocalDate>> reported, Map<String, String> currencies,
                                        LocalDate from, LocalDate to, String currency, RecordSink sink) {
        for (Map.Entry<String, String> campaign : recent.entrySet()) {
            Set<LocalDate> days = reported.getOrDefault(campaign.getKey(), Set.of());
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                if (!days.contains(day)) {
                    emit(new DayCost(campaign.getKey(), campaign.getValue(), day, BigDecimal.ZERO,
                            currencies.getOrDefault(campaign.getKey(), currency)), sink);
                }
            }
        }
    }

    /** One day's cost, to the cent (the platforms report finer; Tandem keeps money in the currency's cents). */
    private static void emit(DayCost cost, RecordSink sink) {
        try {
            sink.emit(new Spend(cost.campaignId(), "marketing", cost.day().atStartOfDay(ZoneOffset.UTC).toInstant(),
                    cost.day().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), cost.amount().setScale(2, RoundingMode.HALF_UP),
                    cost.currency(), cost.campaignName() == null ? cost.campaignId() : cost.campaignName()));
        } catch (IllegalArgumentException unreadable) {
            sink.reject("spend", "campaign " + cost.campaignId() + " on " + cost.day(), unreadable.getMessage());
        }
    }

    private static String platformName(ConnectorConfig config) {
        String platform = config.require("platform").strip().toLowerCase(java.util.Locale.ROOT);
        if (!List.of("google-ads", "meta", "linkedin", "file").contains(platform)) {
            throw new ConnectorFailure("platform is google-ads, meta, linkedin or file, not '" + platform + "'.");
        }
        return platform;
    }

    private static Platform platform(ConnectorConfig config, ConnectorContext context) {
        String platform = platformName(config);
        String token = config.require("accessToken");
        return switch (platform) {
            case "google-ads" -> new GoogleAds(config.get("baseUrl").orElse(GoogleAds.DEFAULT_BASE), config.require("customerId"),
                    config.get("loginCustomerId").orElse(null), config.require("developerToken"), token, context);
            case "meta" -> new MetaAds(config.get("baseUrl").orElse(MetaAds.DEFAULT_BASE), config.require("adAccountId"), token, context);
            default -> new LinkedInAds(config.get("baseUrl").orElse(LinkedInAds.DEFAULT_BASE), config.require("adAccountId"), token,
                    config.get("currency").orElse("USD"), context);
        };
    }
}
