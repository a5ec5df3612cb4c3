package dev.calllog.core.internal.shipping;

import dev.calllog.core.internal.json.ByteBuf;

/** A record for shipping tests: an id and a ready-made document. */
record TestRecord(String id, String document) {

    static TestRecord of(String id) {
        return new TestRecord(id, "{\"event_id\":\"" + id + "\",\"event\":\"call_completed\",\"n\":\"" + id + "\"}");
    }

    String actionLine() {
        return "{\"create\":{\"_id\":\"" + id + "\"}}";
    }

    String ndjson() {
        return actionLine() + "\n" + document + "\n";
    }

    /** Encodes as the real encoder does: action line, document line. */
    static final class Encoder implements BulkItemEncoder<TestRecord> {
        @Override
        public int estimatedBytes(TestRecord r) {
            return r.ndjson().length();
        }

        @Override
        public void encode(TestRecord r, ByteBuf out) {
            out.writeAscii(r.actionLine()).write('\n').writeAscii(r.document()).write('\n');
        }
    }
}
