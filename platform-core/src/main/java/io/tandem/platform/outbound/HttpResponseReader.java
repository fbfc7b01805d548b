package io.tandem.platform.outbound;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one HTTP/1.1 response: status line, headers, and a body delimited by Content-Length,
 * chunked transfer coding, or the end of the connection. Bodies above the request's limit are
 * refused rather than read, so a hostile endpoint cannot fill Tandem's memory.
 */
final class HttpResponseReader {

    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 200;

    private HttpResponseReader() {
    }

    static OutboundResponse read(InputStream in, String method, long maxBytes, URI uri) throws IOException {
        while (true) {
            int status = statusOf(line(in));
            Map<String, List<String>> headers = headers(in);
            if (status >= 100 && status < 200) {
                continue; // interim answers (100 Continue) precede the real one
            }
            boolean noBody = method.equals("HEAD") || status == 204 || status == 304;
            byte[] body = noBody ? new byte[0] : body(in, headers, maxBytes, uri);
            return new OutboundResponse(status, headers, body, uri);
        }
    }

    private static int statusOf(String statusLine) throws IOException {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
            throw new IOException("not an HTTP/1.1 answer: " + abbreviate(statusLine));
        }
        return Integer.parseInt(parts[1]);
    }

    private static Map<String, List<String>> headers(InputStream in) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; ; i++) {
            String line = line(in);
            if (line.isEmpty()) {
                return headers;
            }
            if (i == MAX_HEADERS) {
                throw new IOException("more than " + MAX_HEADERS + " response headers");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("a malformed response header: " + abbreviate(line));
            }
            headers.computeIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
    }

    private static byte[] body(InputStream in, Map<String, List<String>> headers, long maxBytes, URI uri) throws IOException {
        List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
        if (encoding.stream().anyMatch(e -> e.toLowerCase(Locale.ROOT).contains("chunked"))) {
            return chunked(in, maxBytes, uri);
        }
        List<String> length = headers.get("content-length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.get(0));
            } catch (NumberFormatException e) {
                throw new IOException("a malformed Content-Length: " + abbreviate(length.get(0)));
            }
            if (declared < 0 || declared > maxBytes) {
                throw tooLarge(uri, maxBytes);
            }
            byte[] body = in.readNBytes((int) declared);
            if (body.length < declared) {
                throw new EOFException("the connection closed before the whole answer arrived");
            }
            return body;
        }
        return upTo(in, maxBytes, uri);
    }

    private static byte[] chunked(InputStream in, long maxBytes, URI uri) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            int semicolon = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("a malformed chunk size: " + abbreviate(sizeLine));
            }
            if (size == 0) {
                while (!line(in).isEmpty()) {
                    // trailers: ignored
                }
                return body.toByteArray();
            }
            if (size < 0 || body.size() + size > maxBytes) {
                throw tooLarge(uri, maxBytes);
            }
            byte[] chunk = in.readNBytes((int) size);
            if (chunk.length < size) {
                throw new EOFException("the connection closed inside a chunk");
            }
            body.write(chunk);
            line(in);
        }
    }

    private static byte[] upTo(InputStream in, long maxBytes, URI uri) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (body.size() + n > maxBytes) {
                throw tooLarge(uri, maxBytes);
            }
            body.write(buffer, 0, n);
        }
        return body.toByteArray();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (line.size() == MAX_LINE) {
                throw new IOException("a response line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        throw new EOFException("the connection closed in the middle of the answer");
    }

    private static IOException tooLarge(URI uri, long maxBytes) {
        return new IOException("the answer from " + uri.getHost() + " is larger than " + maxBytes + " bytes");
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
