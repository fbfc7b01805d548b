package io.tandem.connector.adspend;

import java.time.LocalDate;
import java.util.List;

/** An ad platform's daily cost per campaign. */
interface Platform {

    /** Every campaign's cost on each day from {@code from} to {@code to}, both included; days without cost may be absent. */
    List<DayCost> costs(LocalDate from, LocalDate to);

    /** A cheap call that proves the credentials work. */
    void check();
}
