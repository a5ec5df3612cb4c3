package dev.calllog.core.internal.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.internal.json.ByteBuf;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class BatchTest {
    private final Batch batch = new Batch();

    private boolean add(String item) {
        int start = batch.body().length();
        batch.body().writeAscii(item);
        boolean ok = batch.addItem(start);
        if (!ok) {
            batch.body().truncate(start);
        }
        return ok;
    }

    private static String text(ByteBuf b) {
        return new String(b.array(), 0, b.length(), StandardCharsets.UTF_8);
    }

    @Test
    void registersItemsThatAreAnActionLineAndADocumentLine() {
        assertThat(add("{\"create\":{\"_id\":\"a\"}}\n{\"n\":1}\n")).isTrue();
        assertThat(add("{\"create\":{\"_id\":\"b\"}}\n{\"n\":2}\n")).isTrue();
        assertThat(add("{\"create\":{}}\n")).as("no document").isFalse();
        assertThat(add("{\"create\":{}}\n\n")).as("an empty document").isFalse();
        assertThat(add("{\"n\":3}")).as("no newline").isFalse();
        assertThat(batch.items()).isEqualTo(2);
        assertThat(new String(batch.array(), batch.docOffset(1), batch.docLength(1), StandardCharsets.UTF_8))
                .isEqualTo("{\"n\":2}");
        assertThat(batch.itemLength(0)).isEqualTo("{\"create\":{\"_id\":\"a\"}}\n{\"n\":1}\n".length());
    }

    @Test
    void writesASubsetOfItemsAsTheyAre() {
        add("{\"create\":{\"_id\":\"a\"}}\n{\"n\":1}\n");
        add("{\"create\":{\"_id\":\"b\"}}\n{\"n\":2}\n");
        add("{\"create\":{\"_id\":\"c\"}}\n{\"n\":3}\n");
        ByteBuf out = new ByteBuf(16);
        batch.writeItems(new int[] {0, 2}, 0, 2, out);
        assertThat(text(out))
                .isEqualTo("{\"create\":{\"_id\":\"a\"}}\n{\"n\":1}\n{\"create\":{\"_id\":\"c\"}}\n{\"n\":3}\n");
    }

    @Test
    void theLastItemCanBeTakenBackAndTheGzipMadeAheadIsForgottenOnAnyChange() throws IOException {
        add("{\"create\":{\"_id\":\"a\"}}\n{\"n\":1}\n");
        try (GzipCompressor gzip = new GzipCompressor()) {
            batch.compressWhole(gzip);
        }
        ByteBuf z = batch.compressedWhole();
        assertThat(z).isNotNull();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(z.array(), 0, z.length()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(text(batch.body()));
        }
        add("{\"create\":{\"_id\":\"b\"}}\n{\"n\":2}\n");
        assertThat(batch.compressedWhole()).isNull();
        batch.removeLast();
        assertThat(batch.items()).isEqualTo(1);
        assertThat(text(batch.body())).isEqualTo("{\"create\":{\"_id\":\"a\"}}\n{\"n\":1}\n");
    }

    @Test
    void resetKeepsTheBuffersAndForgetsEverythingElse() {
        add("{\"create\":{\"_id\":\"a\"}}\n{\"n\":1}\n");
        batch.seq = 7;
        batch.replayed = true;
        batch.first = 1;
        byte[] array = batch.array();
        batch.reset();
        assertThat(batch.isEmpty()).isTrue();
        assertThat(batch.length()).isZero();
        assertThat(batch.seq).isEqualTo(-1);
        assertThat(batch.replayed).isFalse();
        assertThat(batch.first).isZero();
        assertThat(batch.array()).isSameAs(array);
        assertThat(batch.allItems()).isNotNull();
    }
}
