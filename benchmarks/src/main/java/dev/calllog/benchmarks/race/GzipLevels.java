package dev.calllog.benchmarks.race;

import dev.calllog.benchmarks.BulkBodies;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * What each deflate level costs on the project's bulk bodies: CPU per million events to compress (the shipping
 * thread's share) and to decompress (the node's share), and the bytes per event on the wire. One thread, warmed up
 * first; the bodies are the appender's own (5,000 events each, as {@link BulkBodies} builds them).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.calllog.benchmarks.race.GzipLevels
 * </pre>
 */
public final class GzipLevels {
    private GzipLevels() {}

    public static void main(String[] argv) throws Exception {
        int batch = argv.length > 0 ? Integer.parseInt(argv[0]) : 5000;
        List<byte[]> bodies = BulkBodies.ndjson(8, batch);
        long bodyBytes = bodies.stream().mapToLong(b -> b.length).sum();
        long events = (long) bodies.size() * batch;
        StringBuilder md = new StringBuilder("## Gzip level: cost per event\n\n");
        md.append(String.format(
                Locale.ROOT,
                "Bodies of %,d events, %,d bytes per event before compression. CPU seconds per million events on one"
                        + " thread (best of 5 timed passes after 5 warm-up passes over %d bodies).%n%n",
                batch,
                bodyBytes / events,
                bodies.size()));
        md.append("| level | bytes/event on the wire | ratio | compress s/1M | decompress s/1M |\n"
                + "|---:|---:|---:|---:|---:|\n");
        byte[] out = new byte[bodies.get(0).length * 2];
        byte[] back = new byte[bodies.get(0).length * 2];
        for (int level : new int[] {1, 2, 3, 4, 6, 9}) {
            Deflater deflater = new Deflater(level, true);
            Inflater inflater = new Inflater(true);
            long bestDeflate = Long.MAX_VALUE;
            long bestInflate = Long.MAX_VALUE;
            long wire = 0;
            for (int pass = 0; pass < 10; pass++) {
                long d = 0;
                long i = 0;
                long w = 0;
                for (byte[] body : bodies) {
                    long t0 = System.nanoTime();
                    deflater.reset();
                    deflater.setInput(body);
                    deflater.finish();
                    int n = 0;
                    while (!deflater.finished()) {
                        n += deflater.deflate(out, n, out.length - n);
                    }
                    long t1 = System.nanoTime();
                    inflater.reset();
                    inflater.setInput(out, 0, n);
                    int m = 0;
                    while (!inflater.finished()) {
                        m += inflater.inflate(back, m, back.length - m);
                    }
                    long t2 = System.nanoTime();
                    if (m != body.length) {
                        throw new IllegalStateException("round trip lost bytes");
                    }
                    d += t1 - t0;
                    i += t2 - t1;
                    w += n + 18; // the gzip header and trailer
                }
                if (pass >= 5) {
                    bestDeflate = Math.min(bestDeflate, d);
                    bestInflate = Math.min(bestInflate, i);
                    wire = w;
                }
            }
            deflater.end();
            inflater.end();
            double perMillion = 1e6 / events / 1e9;
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %.1f | %.1fx | %.3f | %.3f |%n",
                    level,
                    (double) wire / events,
                    (double) bodyBytes / wire,
                    bestDeflate * perMillion,
                    bestInflate * perMillion));
        }
        System.out.println(md);
        System.exit(0);
    }
}
