package org.discardsearch.ab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ServedModelsTest {

    private static Map<String, String> archive() {
        Map<String, String> p = new HashMap<>();
        p.put("translatorFactory", ServedModels.TRANSLATOR_FACTORY);
        p.put("architecture", "compact-resnet");
        p.put("classes", "10");
        p.put("image.size", "56");
        p.put("image.channels", "1");
        p.put("discardSearch.budget", "8");
        p.put("discardSearch.abSearchFraction", "0.25");
        p.put("option.modelName", "tiny");
        return p;
    }

    @Test
    void recognisesArchivesByTheirTranslatorFactory() {
        assertTrue(ServedModels.usesDiscardSearch(archive()));
        assertFalse(ServedModels.usesDiscardSearch(Map.of("translatorFactory", "ai.djl.Other")));
        assertFalse(ServedModels.usesDiscardSearch(Map.of()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void describesTheEffectiveConfiguration() {
        Map<String, Object> d = ServedModels.describe("tiny", null, "READY", archive());
        assertEquals("tiny", d.get("name"));
        Map<String, String> search = (Map<String, String>) d.get("discardSearch");
        assertEquals("8", search.get("discardSearch.budget"));
        assertEquals("paper", search.get("discardSearch.order"));
        assertEquals("compact-resnet", ((Map<String, String>) d.get("model")).get("architecture"));
        assertEquals(Map.of("discardSearch.abSearchFraction", "0.25"), d.get("ab"));
        assertEquals(0.25, ServedModels.abConfig(archive()).searchFraction());
        assertEquals(OptionalInt.of(10), ServedModels.classes(archive()));
    }

    @Test
    void aBrokenConfigurationIsDescribedNotThrown() {
        Map<String, String> p = archive();
        p.put("discardSearch.abSearchFraction", "1.5");
        String error = (String) ServedModels.describe("tiny", "1", "READY", p).get("error");
        assertTrue(error.contains("discardSearch.abSearchFraction") && error.contains("1.5"), error);
        p.put("classes", "ten");
        assertEquals(OptionalInt.empty(), ServedModels.classes(p));
    }
}
