package io.tandem.connector.adspend;

import java.math.BigDecimal;
import java.time.LocalDate;

/** What one campaign cost on one day, as the platform reports it (the amount exact, in the row's currency). */
record DayCost(String campaignId, String campaignName, LocalDate day, BigDecimal amount, String currency) {
}
