package dev.calllog.core.internal.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-process HTTP proxy that only tunnels ({@code CONNECT}), as proxies in front of HTTPS services do: it records
 * each request it is asked, checks its {@code Proxy-Authorization} when told to (answering 407 otherwise), and joins
 * every tunnel to one upstream address, whatever host the request names, so that a node with a host name no resolver
 * knows can only be reached through it.
 */
final class TunnellingProxy implements AutoCloseable {

    /** A request as the proxy saw it: method, target ({@code host:port}) and headers (names in lower case). */
    record Request(String method, String target, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final String requiredAuthorization;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tunnelling-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    /**
     * @param upstream where every tunnel leads
     * @param requiredAuthorization the {@code Proxy-Authorization} value a tunnel needs, or null for none
     */
    TunnellingProxy(InetSocketAddress upstream, String requiredAuthorization) throws IOException {
        this.upstream = upstream;
        this.requiredAuthorization = requiredAuthorization;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    /** The proxy setting that points at it: {@code http://127.0.0.1:port}. */
    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Every request asked of the proxy, in order. */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String[] lines = head(in).split("\r\n");
            String[] requestLine = lines[0].split(" ");
            Map<String, String> headers = new TreeMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(
                            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            Request request = new Request(requestLine[0], requestLine[1], headers);
            requests.add(request);
            if (!request.method().equals("CONNECT")) {
                answer(out, "405 Method Not Allowed", "");
                client.close();
                return;
            }
            if (requiredAuthorization != null && !requiredAuthorization.equals(request.header("Proxy-Authorization"))) {
                answer(out, "407 Proxy Authentication Required", "Proxy-Authenticate: Basic realm=\"proxy\"\r\n");
                client.close();
                return;
            }
            Socket node = new Socket(upstream.getAddress(), upstream.getPort());
            sockets.add(node);
            out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            threads.execute(() -> pump(node, client));
            pump(client, node);
        } catch (IOException e) {
            close(client);
        }
    }

    private static void answer(OutputStream out, String status, String headers) throws IOException {
        out.write(("HTTP/1.1 " + status + "\r\n" + headers + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The request's head, up to the blank line, read byte by byte so that nothing of the tunnel is consumed. */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            byte[] a = head.toByteArray();
            int n = a.length;
            if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
                break;
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // one side went away: the tunnel ends
        } finally {
            close(from);
            close(to);
        }
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        sockets.forEach(TunnellingProxy::close);
        threads.shutdownNow();
    }
}
