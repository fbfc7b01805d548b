package io.tandem.platform.web;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.RemoteIpValve;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.apache.tomcat.util.http.Rfc6265CookieProcessor;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What embedded Tomcat does on its own that Tandem must not:
 * <ul>
 *   <li>answer errors it raises itself (a {@code %2F} in a path, a malformed URL) with an HTML page:
 *       they become problem+json like every other error, and an encoded slash reaches the router as
 *       an ordinary character;</li>
 *   <li>send the session cookie without {@code SameSite} (it gets {@code Lax}; {@code Secure} follows
 *       the request, so it is set behind https);</li>
 *   <li>believe {@code X-Forwarded-For}/{@code -Proto} from anyone: only from the proxies listed in
 *       {@code TANDEM_TRUSTED_PROXIES} (exact addresses), so a client cannot pick the address that
 *       login throttling counts.</li>
 * </ul>
 */
@Singleton
class TomcatHardening implements BeanCreatedEventListener<Tomcat> {

    private final String trustedProxies;

    TomcatHardening(@Value("${tandem.web.trusted-proxies:}") String trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    @Override
    public Tomcat onCreated(BeanCreatedEvent<Tomcat> event) {
        Tomcat tomcat = event.getBean();
        if (tomcat.getHost() instanceof StandardHost host) {
            host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
        }
        for (Connector connector : tomcat.getService().findConnectors()) {
            connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
        }
        for (Container child : tomcat.getHost().findChildren()) {
            if (child instanceof Context context) {
                Rfc6265CookieProcessor cookies = new Rfc6265CookieProcessor();
                cookies.setSameSiteCookies("Lax");
                context.setCookieProcessor(cookies);
            }
        }
        if (!trustedProxies.isBlank()) {
            RemoteIpValve forwarded = new RemoteIpValve();
            forwarded.setInternalProxies(exactly(trustedProxies));
            forwarded.setTrustedProxies(exactly(trustedProxies));
            forwarded.setRemoteIpHeader("X-Forwarded-For");
            forwarded.setProtocolHeader("X-Forwarded-Proto");
            tomcat.getHost().getPipeline().addValve(forwarded);
        }
        return tomcat;
    }

    /** The listed addresses as the regular expression Tomcat's valve takes (never a wider match). */
    static String exactly(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(Pattern::quote)
                .collect(Collectors.joining("|", "^(?:", ")$"));
    }
}
