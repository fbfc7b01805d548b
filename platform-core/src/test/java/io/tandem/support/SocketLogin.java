package io.tandem.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static io.tandem.support.ApiClient.json;

/**
 * A login POSTed over a socket bound to a chosen loopback address (127.0.0.x), so tests can act as
 * many client addresses at once; optionally with extra header lines. Returns the status code.
 */
public final class SocketLogin {

    private SocketLogin() {
    }

    public static int from(String fromAddress, int port, String email, String password, String... extraHeaders) {
        byte[] body = json("email", email, "password", password).getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(fromAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder("POST /api/v1/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n");
            for (String header : extraHeaders) {
                head.append(header).append("\r\n");
            }
            head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII); // "HTTP/1.1 200"
            return Integer.parseInt(statusLine.substring(9, 12));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
