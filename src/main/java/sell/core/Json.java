package sell.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;

/** The one strict JSON configuration: duplicate keys, trailing content and deep nesting are refused. */
public final class Json {
    public static final int MAX_DEPTH = 32;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(64)
                            .maxStringLength(1 << 20)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Parses a whole request body; anything but one well-formed UTF-8 JSON object is a 400. The
     * bytes are decoded strictly first: Jackson alone would also guess UTF-16 and UTF-32.
     */
    public static JsonNode readObject(byte[] body) {
        JsonNode node;
        try {
            node = plainAscii(body) ? MAPPER.readTree(body) : MAPPER.readTree(strictUtf8(body));
        } catch (IOException e) {
            throw Refusal.malformed("body is not valid JSON: " + describe(e));
        } catch (NumberFormatException e) {
            // e.g. an exponent beyond what a number can hold: 1e2147483648
            throw Refusal.malformed("body holds a number out of any usable range");
        }
        if (node == null || node.isMissingNode()) throw Refusal.malformed("body is empty; a JSON object is expected");
        if (!node.isObject()) throw Refusal.malformed("body must be a JSON object");
        return node;
    }

    /**
     * True when every byte is ASCII other than NUL: such bytes read the same in UTF-8 and
     * Jackson, given them as bytes, cannot take them for UTF-16 or UTF-32 (which it guesses from
     * NUL bytes), so they need not be decoded to text first.
     */
    private static boolean plainAscii(byte[] body) {
        for (byte b : body) {
            if (b <= 0) return false;
        }
        return true;
    }

    private static String strictUtf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw Refusal.malformed("body is not valid UTF-8");
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Jackson's message without its source excerpt, so nothing internal or echoed leaks into the answer. */
    private static String describe(IOException e) {
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (message == null) return "unreadable";
        message = message.replaceAll("\\s+", " ");
        int cut = message.indexOf(" at [Source");
        if (cut >= 0) message = message.substring(0, cut);
        return message.length() > 200 ? message.substring(0, 200) : message;
    }
}
