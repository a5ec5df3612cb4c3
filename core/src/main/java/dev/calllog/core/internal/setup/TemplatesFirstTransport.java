package dev.calllog.core.internal.setup;

import dev.calllog.core.internal.transport.BulkTransport;
import dev.calllog.core.internal.transport.HttpResult;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A transport that lets no bulk request reach the cluster before the templates were installed, or found installed, or
 * refused: a data stream written before its index template exists is created as a plain index with dynamically mapped
 * fields, which stays so until it is deleted. While the cluster cannot be reached to install them, a bulk request
 * fails as if the cluster could not be reached (its events are retried, spooled or counted as usual), and the next one
 * tries the templates again. Used by the shipping thread only.
 */
public final class TemplatesFirstTransport implements BulkTransport {
    private final BulkTransport transport;
    private final Supplier<TemplateInstaller.Result> install;
    private final Supplier<TemplateInstaller.Result> retry;
    private boolean tried;
    private volatile boolean settled;

    /**
     * @param install installs the templates: the first attempt
     * @param retry installs them again, before a bulk request, after attempts that could not reach the cluster
     */
    public TemplatesFirstTransport(
            BulkTransport transport,
            Supplier<TemplateInstaller.Result> install,
            Supplier<TemplateInstaller.Result> retry) {
        this.transport = transport;
        this.install = install;
        this.retry = retry;
    }

    /** Runs the installation now, if it is still due; never throws. */
    public void installNow() {
        try {
            settle();
        } catch (IOException e) {
            // Tried again before the next bulk request.
        }
    }

    /** Whether the templates were installed, found installed, or refused for good. */
    public boolean settled() {
        return settled;
    }

    @Override
    public HttpResult send(String method, String path, byte[] body, int off, int len, Map<String, String> headers)
            throws IOException {
        if (isBulk(path)) {
            settle();
        }
        return transport.send(method, path, body, off, len, headers);
    }

    @Override
    public Pending start(String method, String path, byte[] body, int off, int len, Map<String, String> headers) {
        if (isBulk(path)) {
            try {
                settle();
            } catch (IOException e) {
                return () -> {
                    throw e;
                };
            }
        }
        return transport.start(method, path, body, off, len, headers);
    }

    private static boolean isBulk(String path) {
        return path.contains("_bulk");
    }

    private synchronized void settle() throws IOException {
        if (settled) {
            return;
        }
        TemplateInstaller.Result result = (tried ? retry : install).get();
        tried = true;
        if (result.unreachable()) {
            throw new IOException(TemplateInstaller.UNREACHABLE + " to install the call-log templates first");
        }
        settled = true;
    }

    @Override
    public void close() throws IOException {
        transport.close();
    }
}
