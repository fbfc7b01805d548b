package io.tandem.platform.outbound;

import io.micronaut.core.annotation.Nullable;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One entry of the operator's outbound allow-list: a host name, an address or a CIDR range, with an
 * optional port ({@code crm.internal}, {@code 127.0.0.1:8089}, {@code 10.1.0.0/16:8443},
 * {@code [fd00::1]:443}, {@code fd00::/8}).
 */
record AllowedTarget(@Nullable String hostName, @Nullable byte[] network, int prefixLength, @Nullable Integer port) {

    static List<AllowedTarget> parseList(@Nullable String list) {
        List<AllowedTarget> targets = new ArrayList<>();
        if (list == null) {
            return targets;
        }
        for (String entry : list.split(",")) {
            if (!entry.isBlank()) {
                targets.add(parse(entry.strip()));
            }
        }
        return targets;
    }

    static AllowedTarget parse(String entry) {
        String target = entry;
        Integer port = null;
        if (target.startsWith("[")) {
            int close = target.indexOf(']');
            if (close < 0) {
                throw invalid(entry);
            }
            String rest = target.substring(close + 1);
            String inside = target.substring(1, close);
            if (rest.startsWith("/")) {
                int colon = rest.indexOf(':');
                inside += colon < 0 ? rest : rest.substring(0, colon);
                rest = colon < 0 ? "" : rest.substring(colon);
            }
            if (rest.startsWith(":")) {
                port = portOf(rest.substring(1), entry);
            } else if (!rest.isEmpty()) {
                throw invalid(entry);
            }
            target = inside;
        } else if (target.chars().filter(c -> c == ':').count() == 1) {
            int colon = target.indexOf(':');
            port = portOf(target.substring(colon + 1), entry);
            target = target.substring(0, colon);
        }
        String address = target;
        int prefix = -1;
        int slash = target.indexOf('/');
        if (slash >= 0) {
            address = target.substring(0, slash);
            try {
                prefix = Integer.parseInt(target.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw invalid(entry);
            }
        }
        InetAddress literal = OutboundPolicy.literalAddress(address);
        if (literal == null) {
            if (slash >= 0 || !address.matches("[A-Za-z0-9.-]+")) {
                throw invalid(entry);
            }
            return new AllowedTarget(address.toLowerCase(Locale.ROOT), null, 0, port);
        }
        byte[] bytes = literal.getAddress();
        int bits = bytes.length * 8;
        if (prefix > bits) {
            throw invalid(entry);
        }
        return new AllowedTarget(null, bytes, prefix < 0 ? bits : prefix, port);
    }

    boolean matches(String host, @Nullable InetAddress address, int requestPort) {
        if (port != null && port != requestPort) {
            return false;
        }
        if (hostName != null) {
            return hostName.equalsIgnoreCase(host);
        }
        return address != null && inNetwork(address.getAddress());
    }

    private boolean inNetwork(byte[] candidate) {
        if (candidate.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (candidate[full] & mask) == (network[full] & mask);
    }

    private static Integer portOf(String text, String entry) {
        try {
            int port = Integer.parseInt(text);
            if (port < 1 || port > 65535) {
                throw invalid(entry);
            }
            return port;
        } catch (NumberFormatException e) {
            throw invalid(entry);
        }
    }

    private static IllegalArgumentException invalid(String entry) {
        return new IllegalArgumentException("TANDEM_OUTBOUND_ALLOWLIST: cannot read '" + entry
                + "' (expected a host, an address or a CIDR range, optionally with :port)");
    }
}
