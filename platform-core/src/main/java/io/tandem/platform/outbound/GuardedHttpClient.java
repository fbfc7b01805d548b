package io.tandem.platform.outbound;

import jakarta.inject.Singleton;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one way Tandem sends a request to a URL a tenant supplied. It resolves the host itself, checks
 * every address against {@link OutboundPolicy}, and connects the socket to the address it checked —
 * so a DNS answer that changes between the check and the connection (DNS rebinding) cannot slip an
 * internal address through. TLS still verifies the certificate for the host name (SNI and
 * endpoint identification). Redirects are followed for GET and HEAD only, each hop checked again.
 *
 * <p>It speaks plain HTTP/1.1 with one request per connection: enough for webhooks and vendor
 * APIs, and small enough to read whole.
 */
@Singleton
public class GuardedHttpClient {

    private static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final OutboundPolicy policy;
    private final SSLContext tls;

    public GuardedHttpClient(OutboundPolicy policy) {
        this.policy = policy;
        this.tls = defaultTls();
    }

    public OutboundResponse send(OutboundRequest request) throws IOException {
        Instant deadline = Instant.now().plus(request.timeout());
        OutboundRequest current = request;
        for (int hop = 0; ; hop++) {
            OutboundResponse response = exchange(current, deadline);
            Optional<String> location = response.header("location");
            boolean follow = REDIRECTS.contains(response.status()) && location.isPresent()
                    && (current.method().equals("GET") || current.method().equals("HEAD"));
            if (!follow) {
                return response;
            }
            if (hop == MAX_REDIRECTS) {
                throw new IOException("more than " + MAX_REDIRECTS + " redirects from " + request.uri().getHost());
            }
            URI target;
            try {
                target = current.uri().resolve(location.get().strip());
            } catch (IllegalArgumentException e) {
                throw new IOException("a redirect to something that is not a URL: " + location.get());
            }
            current = current.redirectedTo(target, current.method());
        }
    }

    private OutboundResponse exchange(OutboundRequest request, Instant deadline) throws IOException {
        URI uri = request.uri();
        Optional<String> refusal = policy.refusesUrl(uri);
        if (refusal.isPresent()) {
            throw new RefusedTarget(uri + ": " + refusal.get());
        }
        String host = uri.getHost();
        int port = OutboundPolicy.port(uri);
        InetAddress[] addresses = InetAddress.getAllByName(host);
        // All of them, before any connection: a name that also points inside is not trusted at all.
        for (InetAddress address : addresses) {
            Optional<String> refused = policy.refusesAddress(host, address, port);
            if (refused.isPresent()) {
                throw new RefusedTarget(refused.get());
            }
        }
        try (Socket socket = connect(addresses, port, deadline)) {
            Socket channel = "https".equalsIgnoreCase(uri.getScheme()) ? startTls(socket, host, port) : socket;
            channel.setSoTimeout(remainingMillis(deadline));
            write(channel.getOutputStream(), request, host, port);
            return HttpResponseReader.read(new BufferedInputStream(channel.getInputStream()), request.method(),
                    request.maxResponseBytes(), uri);
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException(host + " did not answer within " + request.timeout().toSeconds() + " s");
        }
    }

    private static Socket connect(InetAddress[] addresses, int port, Instant deadline) throws IOException {
        IOException last = null;
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port),
                        (int) Math.min(CONNECT_TIMEOUT.toMillis(), remainingMillis(deadline)));
                return socket;
            } catch (IOException e) {
                socket.close();
                last = e;
            }
        }
        throw last != null ? last : new IOException("no address to connect to");
    }

    private Socket startTls(Socket plain, String host, int port) throws IOException {
        SSLSocket tlsSocket = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters parameters = tlsSocket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (OutboundPolicy.literalAddress(host) == null) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        tlsSocket.setSSLParameters(parameters);
        tlsSocket.startHandshake();
        return tlsSocket;
    }

    private static void write(OutputStream out, OutboundRequest request, String host, int port) throws IOException {
        URI uri = request.uri();
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        boolean defaultPort = uri.getPort() < 0;
        StringBuilder head = new StringBuilder()
                .append(request.method()).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(defaultPort ? "" : ":" + port).append("\r\n")
                .append("Connection: close\r\n");
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            String name = header.getKey();
            if (!name.matches("[A-Za-z0-9-]+") || header.getValue().chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw new IllegalArgumentException("header " + name + " has characters a header cannot carry");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("host") || lower.equals("connection") || lower.equals("content-length") || lower.equals("transfer-encoding")) {
                continue; // ours to set
            }
            head.append(name).append(": ").append(header.getValue()).append("\r\n");
        }
        if (request.body().length > 0 || !request.method().equals("GET") && !request.method().equals("HEAD")) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(request.body());
        out.flush();
    }

    private static int remainingMillis(Instant deadline) throws SocketTimeoutException {
        long left = Duration.between(Instant.now(), deadline).toMillis();
        if (left <= 0) {
            throw new SocketTimeoutException("the request's time ran out");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("No TLS available", e);
        }
    }
}
