package io.tandem.platform.outbound;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which addresses Tandem may send a request to when a tenant supplied the URL (webhooks, connector
 * base URLs). A tenant must not be able to make Tandem reach what only Tandem can reach: its own
 * database and ports on the loopback, the cloud metadata service (169.254.169.254), or the company
 * network behind it. So: https only, and never an address that is loopback, link-local, private,
 * unique-local, carrier-grade NAT, unspecified, broadcast or multicast — checked on the address
 * actually connected to, not on the name.
 *
 * <p>The operator may let named internal targets through with {@code TANDEM_OUTBOUND_ALLOWLIST}:
 * comma-separated host names, addresses or CIDR ranges, each optionally with {@code :port}
 * (e.g. {@code 127.0.0.1,crm.internal:8443,10.1.0.0/16:8443}); those may also use plain http.
 */
@Singleton
public class OutboundPolicy {

    private final List<AllowedTarget> allowed;

    public OutboundPolicy(@Value("${tandem.outbound.allowlist:}") String allowlist) {
        this.allowed = AllowedTarget.parseList(allowlist);
    }

    /** Why a URL cannot be used at all (scheme, form), or empty. Addresses are checked when connecting. */
    public Optional<String> refusesUrl(URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            return Optional.of("an absolute https URL with a host is required");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of("only https URLs are allowed");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("user names and passwords do not belong in the URL");
        }
        if (scheme.equals("http") && !isAllowlisted(uri.getHost(), null, port(uri))) {
            return Optional.of("only https URLs are allowed (plain http only for targets on the operator's allow-list)");
        }
        return Optional.empty();
    }

    /**
     * Why connecting to this address, reached through this host name, is refused; empty if it is
     * allowed. Called with each address right before connecting to it.
     */
    public Optional<String> refusesAddress(String host, InetAddress address, int port) {
        if (isAllowlisted(host, address, port)) {
            return Optional.empty();
        }
        return forbiddenRange(address).map(range -> host + " resolves to " + address.getHostAddress() + ", " + range
                + "; Tandem does not send requests there (an operator can allow it with TANDEM_OUTBOUND_ALLOWLIST)");
    }

    /** Resolves a host and refuses it if any of its addresses is forbidden (used to reject a URL early, when saved). */
    public Optional<String> refusesHost(URI uri) {
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                Optional<String> refusal = refusesAddress(uri.getHost(), address, port(uri));
                if (refusal.isPresent()) {
                    return refusal;
                }
            }
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty(); // may resolve later; every send checks again anyway
        }
    }

    private boolean isAllowlisted(String host, @Nullable InetAddress address, int port) {
        InetAddress literal = address != null ? address : literalAddress(host);
        return allowed.stream().anyMatch(target -> target.matches(host, literal, port));
    }

    static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }

    /** The forbidden range an address falls in, by name, or empty for a public address. */
    static Optional<String> forbiddenRange(InetAddress address) {
        InetAddress a = embeddedIpv4(address).orElse(address);
        if (a.isAnyLocalAddress()) {
            return Optional.of("an unspecified address");
        }
        if (a.isLoopbackAddress()) {
            return Optional.of("a loopback address");
        }
        if (a.isLinkLocalAddress()) {
            return Optional.of("a link-local address (cloud metadata services live there)");
        }
        if (a.isSiteLocalAddress()) {
            return Optional.of("a private address");
        }
        if (a.isMulticastAddress()) {
            return Optional.of("a multicast address");
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return Optional.of("an unspecified address");
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return Optional.of("a carrier-grade NAT (private) address");
            }
            if (first >= 240) {
                return Optional.of("a reserved or broadcast address");
            }
            if (first == 198 && (second == 18 || second == 19)) {
                return Optional.of("a benchmarking (private) address");
            }
        } else if ((b[0] & 0xfe) == 0xfc) {
            return Optional.of("a unique-local (private) address");
        }
        return Optional.empty();
    }

    /** IPv6 forms that carry an IPv4 address (compatible, NAT64, 6to4) are judged by that address. */
    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        try {
            boolean zeros96 = true;
            for (int i = 0; i < 12; i++) {
                zeros96 &= b[i] == 0;
            }
            boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
            if ((zeros96 && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1))) || nat64) {
                return Optional.of(InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]}));
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return Optional.of(InetAddress.getByAddress(new byte[]{b[2], b[3], b[4], b[5]}));
            }
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
        return Optional.empty();
    }

    @Nullable
    static InetAddress literalAddress(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.matches("[0-9.]+") || h.contains(":")) {
            try {
                return InetAddress.getByName(h); // a literal: no lookup happens
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }
}
