package io.tandem.platform.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;

/**
 * Guards every API request before the framework reads it:
 * <ul>
 *   <li>bodies above {@code tandem.api.max-json-body-bytes} (1 MiB) get 413 — counted as they are
 *       read, so a chunked body without Content-Length is stopped too (CSV imports and plugin
 *       uploads stream with their own, larger limits);</li>
 *   <li>the NUL character, which PostgreSQL cannot store in text, gets 400 wherever it appears in a
 *       path, query or JSON body — except in ingestion and product events, which report it per record
 *       (event) and keep the good ones;</li>
 *   <li>bodies nested more than {@value #MAX_NESTING} levels deep get 400 before a parser recurses
 *       into them.</li>
 * </ul>
 */
public class ApiBodyGuard implements Filter {

    /** No Tandem body nests deeper than a few levels; parsers recurse, so a deeper one could exhaust the stack. */
    static final int MAX_NESTING = 64;

    private final int maxBytes;

    public ApiBodyGuard(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String uri = request.getRequestURI();
        String query = request.getQueryString() == null ? "" : request.getQueryString();
        if (hasEncodedNul(uri) || hasEncodedNul(query)) {
            ProblemDetails.write(response, 400, "The address contains a NUL character (%00), which no text in Tandem may contain.");
            return;
        }
        if (streamsItsOwnBody(request) || !hasBody(request)) {
            chain.doFilter(request, response);
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            ProblemDetails.write(response, 413, "The request body has " + declared + " bytes; at most " + maxBytes + " are accepted.");
            return;
        }
        byte[] body = request.getInputStream().readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            ProblemDetails.write(response, 413, "The request body is larger than " + maxBytes + " bytes, the most accepted.");
            return;
        }
        if (!reportsNulPerRecord(uri) && containsNul(body)) {
            ProblemDetails.write(response, 400, "The body contains a NUL character (\\u0000), which no text in Tandem may contain.");
            return;
        }
        if (nestingDepth(body) > MAX_NESTING) {
            ProblemDetails.write(response, 400, "The body nests arrays and objects more than " + MAX_NESTING + " levels deep.");
            return;
        }
        chain.doFilter(new BufferedBody(request, body), response);
    }

    /** Ingestion and product events refuse a record (an event) with a NUL on its own and keep the others. */
    private static boolean reportsNulPerRecord(String uri) {
        return uri.startsWith("/api/v1/ingest/") || uri.startsWith("/api/v1/events/");
    }

    /** CSV imports, plugin uploads and connection files stream to the database with limits of their own. */
    private static boolean streamsItsOwnBody(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return uri.startsWith("/api/v1/imports") || uri.equals("/api/v1/plugins") && "POST".equals(request.getMethod())
                || "PUT".equals(request.getMethod()) && uri.matches("/api/v1/connections/[^/]+/files/[^/]+");
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    private static boolean hasEncodedNul(String text) {
        return text.contains("%00") || text.indexOf('\0') >= 0;
    }

    /** A raw NUL byte, or JSON's escape for it ({@code \u0000} after an odd number of backslashes). */
    static boolean containsNul(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            if (body[i] == 0) {
                return true;
            }
            if (body[i] == 'u' && i >= 1 && i + 4 < body.length && body[i - 1] == '\\'
                    && body[i + 1] == '0' && body[i + 2] == '0' && body[i + 3] == '0' && body[i + 4] == '0') {
                int backslashes = 0;
                for (int j = i - 1; j >= 0 && body[j] == '\\'; j--) {
                    backslashes++;
                }
                if (backslashes % 2 == 1) {
                    return true;
                }
            }
        }
        return false;
    }

    /** How deeply JSON arrays and objects nest in the body (brackets inside strings do not count). */
    static int nestingDepth(byte[] body) {
        int depth = 0;
        int deepest = 0;
        boolean inString = false;
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '[' || b == '{') {
                deepest = Math.max(deepest, ++depth);
            } else if (b == ']' || b == '}') {
                depth--;
            }
        }
        return deepest;
    }

    /** The request with its body already read into memory (and its length known). */
    private static final class BufferedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already in memory");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body),
                    java.nio.charset.Charset.isSupported(encoding) ? java.nio.charset.Charset.forName(encoding) : StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public String getHeader(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-length")) {
                return Integer.toString(body.length);
            }
            if (lower.equals("transfer-encoding")) {
                return null;
            }
            return super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            String value = getHeader(name);
            if (name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding")) {
                return value == null ? Collections.emptyEnumeration() : Collections.enumeration(java.util.List.of(value));
            }
            return super.getHeaders(name);
        }
    }
}
