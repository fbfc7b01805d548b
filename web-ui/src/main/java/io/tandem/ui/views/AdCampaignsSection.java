package io.tandem.ui.views;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import io.tandem.connectors.CampaignMapping;
import io.tandem.funnel.ingest.PlatformCampaigns;
import io.tandem.platform.ProblemException;
import io.tandem.tenancy.SignedInUser;
import io.tandem.ui.vaadin.UiSession;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * On a connection that brings ad spend: the platform's campaigns and the Tandem campaign each one's
 * spend counts for (found by name when first seen), which admins can change; the spend already
 * synced follows at once. Hidden for connections without ad campaigns.
 */
class AdCampaignsSection extends VerticalLayout {

    static final String NO_CAMPAIGN = "(no campaign)";

    private final CampaignMapping mapping;
    final Grid<PlatformCampaigns.PlatformCampaign> campaigns = new Grid<>(PlatformCampaigns.PlatformCampaign.class, false);
    final Button save = new Button("Save campaign mapping");
    final Paragraph message = new Paragraph();
    final Map<String, Select<String>> choices = new HashMap<>();
    private final Map<String, UUID> choiceIds = new LinkedHashMap<>();
    private final Map<String, PlatformCampaigns.PlatformCampaign> shown = new HashMap<>();
    private UUID connectionId;

    AdCampaignsSection(CampaignMapping mapping) {
        this.mapping = mapping;
        campaigns.addColumn(c -> c.sourceName() == null ? c.sourceCampaign() : c.sourceName()).setHeader("Platform campaign").setAutoWidth(true);
        campaigns.addComponentColumn(c -> choices.get(c.sourceCampaign())).setHeader("Counts for").setAutoWidth(true);
        campaigns.addColumn(PlatformCampaigns.PlatformCampaign::mappedBy).setHeader("Mapped by").setAutoWidth(true);
        campaigns.addColumn(PlatformCampaigns.PlatformCampaign::spendRows).setHeader("Spend rows").setAutoWidth(true);
        campaigns.setAllRowsVisible(true);
        save.setId("save-campaign-mapping");
        save.addClickListener(click -> save());
        add(new H3("Ad campaigns"), message, campaigns, save);
        setPadding(false);
        setVisible(false);
    }

    void show(UUID connection) {
        connectionId = connection;
        render(mapping.get(UiSession.requireUser(), connection));
    }

    private void render(CampaignMapping.View view) {
        SignedInUser user = UiSession.requireUser();
        choiceIds.clear();
        choiceIds.put(NO_CAMPAIGN, null);
        for (PlatformCampaigns.CampaignChoice c : view.choices()) {
            choiceIds.put(c.name() + " (" + c.externalId() + ")", c.id());
        }
        choices.clear();
        shown.clear();
        view.campaigns().forEach(c -> {
            shown.put(c.sourceCampaign(), c);
            choices.put(c.sourceCampaign(), choice(c));
        });
        campaigns.setItems(view.campaigns());
        save.setVisible(user.isAdmin());
        setVisible(!view.campaigns().isEmpty());
    }

    private Select<String> choice(PlatformCampaigns.PlatformCampaign campaign) {
        Select<String> select = new Select<>();
        select.setItems(new ArrayList<>(choiceIds.keySet()));
        select.setValue(choiceIds.entrySet().stream().filter(e -> Objects.equals(e.getValue(), campaign.campaignId())).map(Map.Entry::getKey)
                .findFirst().orElse(NO_CAMPAIGN));
        select.setReadOnly(!UiSession.requireUser().isAdmin());
        return select;
    }

    /** Saves the campaigns whose choice changed. */
    void save() {
        List<CampaignMapping.Entry> changed = new ArrayList<>();
        choices.forEach((source, select) -> {
            UUID chosen = choiceIds.get(select.getValue());
            if (!Objects.equals(chosen, shown.get(source).campaignId())) {
                changed.add(new CampaignMapping.Entry(source, chosen));
            }
        });
        if (changed.isEmpty()) {
            message.setText("Nothing changed.");
            return;
        }
        try {
            render(mapping.put(UiSession.requireUser(), connectionId, new CampaignMapping.Change(changed)));
            message.setText("Campaign mapping saved; the spend already synced follows it.");
        } catch (ProblemException refused) {
            message.setText(refused.getMessage());
        }
    }
}
