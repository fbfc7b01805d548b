package io.tandem.connectors;

import io.micronaut.context.annotation.Value;
import io.tandem.tenancy.SignedInUser;
import jakarta.inject.Singleton;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The people who run this Tandem installation (not a tenant role): the e-mail addresses in
 * {@code TANDEM_OPERATOR_EMAILS}. They manage what every tenant shares, such as the plugin catalogue.
 */
@Singleton
public class Operators {

    private final Set<String> emails;

    public Operators(@Value("${tandem.operators:}") String emails) {
        this.emails = Arrays.stream(emails.split(",")).map(e -> e.strip().toLowerCase(Locale.ROOT)).filter(e -> !e.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    public boolean isOperator(SignedInUser user) {
        return user != null && emails.contains(user.email().toLowerCase(Locale.ROOT));
    }
}
