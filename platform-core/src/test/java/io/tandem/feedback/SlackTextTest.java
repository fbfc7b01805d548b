package io.tandem.feedback;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Record names in a webhook's Slack text cannot ping a channel or dress up a link. */
class SlackTextTest {

    @Test
    void slackMarkupInNamesIsEscaped() {
        assertThat(Notifier.slackText("Lead <!channel> from <http://evil.example|Acme> & co"))
                .isEqualTo("Lead &lt;!channel&gt; from &lt;http://evil.example|Acme&gt; &amp; co");
    }
}
