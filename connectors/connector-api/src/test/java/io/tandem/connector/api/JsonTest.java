package io.tandem.connector.api;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {

    @Test
    void readsAVendorsAnswerIntoPlainValuesWithExactNumbers() {
        Map<String, Object> page = Json.object("""
                {"results":[{"id":"101","properties":{"amount":"12.30","email":"ann@x.test"},"archived":false,
                  "score":0.1,"big":12345678901234567890,"note":"line\\nbreak \\u00e9 \\"q\\""}],
                 "paging":{"next":{"after":"101"}},"empty":null}""");
        List<Map<String, Object>> results = Json.objects(page, "results");
        assertThat(results).hasSize(1);
        Map<String, Object> first = results.get(0);
        assertThat(Json.text(first, "id")).isEqualTo("101");
        assertThat(Json.text(Json.object(first, "properties"), "amount")).isEqualTo("12.30");
        assertThat(first.get("archived")).isEqualTo(false);
        assertThat(first.get("score")).isEqualTo(new BigDecimal("0.1"));
        assertThat(Json.text(first, "big")).isEqualTo("12345678901234567890");
        assertThat(first.get("note")).isEqualTo("line\nbreak é \"q\"");
        assertThat(Json.text(Json.object(Json.object(page, "paging"), "next"), "after")).isEqualTo("101");
        assertThat(Json.object(page, "missing")).isEmpty();
        assertThat(Json.objects(page, "empty")).isEmpty();
    }

    @Test
    void writesWhatItReads() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("filterGroups", List.of(Map.of("filters", List.of(Map.of("propertyName", "hs_object_id", "operator", "GT", "value", "7")))));
        body.put("limit", 100);
        body.put("text", "tab\there \"quoted\" \u0001");
        body.put("ids", Arrays.asList("1", null));
        String written = Json.write(body);
        assertThat(Json.parse(written)).isEqualTo(Map.of("filterGroups", List.of(Map.of("filters",
                        List.of(Map.of("propertyName", "hs_object_id", "operator", "GT", "value", "7")))),
                "limit", new BigDecimal("100"), "text", "tab\there \"quoted\" \u0001", "ids", Arrays.asList("1", null)));
    }

    @Test
    void aBrokenDocumentIsAFailureThatSaysWhere() {
        assertThatThrownBy(() -> Json.parse("{\"results\":[{\"id\":1},]}")).isInstanceOf(ConnectorFailure.class)
                .hasMessageContaining("character 22");
        assertThatThrownBy(() -> Json.parse("<html>Bad gateway</html>")).isInstanceOf(ConnectorFailure.class).hasMessageContaining("'<'");
        assertThatThrownBy(() -> Json.parse("{\"a\":\"open")).isInstanceOf(ConnectorFailure.class).hasMessageContaining("not closed");
        assertThatThrownBy(() -> Json.parse("[".repeat(300))).isInstanceOf(ConnectorFailure.class).hasMessageContaining("deep");
        assertThatThrownBy(() -> Json.object("[1]")).isInstanceOf(ConnectorFailure.class).hasMessageContaining("an array");
        assertThatThrownBy(() -> Json.parse("{} x")).isInstanceOf(ConnectorFailure.class).hasMessageContaining("after the document");
    }
}
