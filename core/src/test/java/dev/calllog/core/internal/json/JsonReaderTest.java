package dev.calllog.core.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calllog.core.internal.json.JsonReader.MalformedJsonException;
import dev.calllog.core.internal.json.JsonReader.Token;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

    private static JsonReader reader(String json) {
        return new JsonReader(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void numberTextIsReadAsWritten() {
        JsonReader r = reader("[1.50, -2e+3, 7]");
        r.beginArray();
        assertThat(r.nextNumberText()).isEqualTo("1.50");
        assertThat(r.nextNumberText()).isEqualTo("-2e+3");
        assertThat(r.nextNumberText()).isEqualTo("7");
        r.endArray();
    }

    @Test
    void readsValuesInDocumentOrder() {
        JsonReader r = reader(" {\"a\": 1, \"b\" : [true, false, null], \"c\": {\"d\": \"x\"}, \"e\": -42}\n");
        r.beginObject();
        assertThat(r.nextName()).isEqualTo("a");
        assertThat(r.nextLong()).isEqualTo(1);
        assertThat(r.nextName()).isEqualTo("b");
        r.beginArray();
        assertThat(r.nextBoolean()).isTrue();
        assertThat(r.nextBoolean()).isFalse();
        assertThat(r.peek()).isEqualTo(Token.NULL);
        r.nextNull();
        assertThat(r.hasNext()).isFalse();
        r.endArray();
        assertThat(r.nextName()).isEqualTo("c");
        r.beginObject();
        assertThat(r.nextName()).isEqualTo("d");
        assertThat(r.nextString()).isEqualTo("x");
        r.endObject();
        assertThat(r.nextName()).isEqualTo("e");
        assertThat(r.nextInt()).isEqualTo(-42);
        assertThat(r.hasNext()).isFalse();
        r.endObject();
        assertThat(r.peek()).isEqualTo(Token.END_DOCUMENT);
    }

    @Test
    void decodesEscapesAndUtf8() {
        JsonReader r = reader("[\"caf\u00e9 \\\"q\\\" \\\\ \\/ \\n\\t\\u00e9\\ud83d\\ude00\", \"\u65e5\u672c\"]");
        r.beginArray();
        assertThat(r.nextString()).isEqualTo("caf\u00e9 \"q\" \\ / \n\t\u00e9\ud83d\ude00");
        assertThat(r.nextString()).isEqualTo("\u65e5\u672c");
        r.endArray();
    }

    @Test
    void skipsNestedValuesWithAwkwardStrings() {
        JsonReader r = reader("{\"skip\":{\"x\":[1,2.5e3,{\"y\":\"]}\\\"\"}],\"z\":null},\"keep\":7}");
        r.beginObject();
        assertThat(r.nextName()).isEqualTo("skip");
        r.skipValue();
        assertThat(r.nextName()).isEqualTo("keep");
        assertThat(r.nextInt()).isEqualTo(7);
        r.endObject();
    }

    @Test
    void rejectsMalformedInput() {
        for (String bad : new String[] {
            "{\"a\":1", "{\"a\":1,}", "{\"a\" 1}", "[1 2]", "{\"a\":tru}", "{\"a\":\"open", "{a:1}", "[1,]"
        }) {
            assertThatThrownBy(() -> {
                        JsonReader r = reader(bad);
                        r.skipValue();
                        r.peek();
                    })
                    .as(bad)
                    .isInstanceOf(MalformedJsonException.class);
        }
    }

    @Test
    void refusesAFractionWhereAnIntegerIsExpected() {
        JsonReader r = reader("[1.5]");
        r.beginArray();
        assertThatThrownBy(r::nextLong).isInstanceOf(MalformedJsonException.class);
    }
}
