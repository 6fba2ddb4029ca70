package org.discardsearch.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.discardsearch.error.ConfigException;
import org.discardsearch.error.ErrorCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelConfigTest {

    private static Map<String, Object> minimal() {
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("architecture", "compact-resnet");
        arguments.put("classes", "10");
        arguments.put("image.size", "28");
        arguments.put("engine", "PyTorch");
        arguments.put("discardSearch.budget", "8");
        return arguments;
    }

    private static Map<String, Object> with(String key, String value) {
        Map<String, Object> arguments = minimal();
        arguments.put(key, value);
        return arguments;
    }

    @Test
    void absentOptionalKeysTakeTheirDefaults() {
        ModelConfig config = ModelConfig.fromArguments(minimal());
        assertEquals(Architecture.COMPACT_RESNET, config.architecture());
        assertEquals(10, config.classes());
        assertEquals(16, config.width());
        PreprocessingConfig pre = config.preprocessing();
        assertEquals(28, pre.size());
        assertEquals(0, pre.resize());
        assertEquals(3, pre.channels());
        assertEquals(List.of(0f), pre.mean());
        assertEquals(List.of(1f), pre.std());
    }

    @ParameterizedTest(name = "{0} = ''{1}'' reads as {2}")
    @CsvSource({
        "architecture, resnet18, resnet18",
        "architecture, resnet50, resnet50",
        "architecture, mobilenetv2, mobilenetv2",
        "architecture, compact-mobilenetv2, compact-mobilenetv2",
        "classes, 2, 2",
        "classes, 1000, 1000",
        "width, 1, 1",
        "width, 64, 64",
        "image.size, 8, 8",
        "image.size, 1024, 1024",
        "image.resize, 0, 0",
        "image.resize, 28, 28",
        "image.resize, 32, 32",
        "image.channels, 1, 1",
        "image.channels, 3, 3",
        "image.mean, 0.5, 0.5",
        "image.mean, '0.485, 0.456, 0.406', '0.485,0.456,0.406'",
        "image.mean, -1, -1",
        "image.std, '0.229,0.224,0.225', '0.229,0.224,0.225'",
        "image.std, 0.5, 0.5",
    })
    void acceptsValidValue(String key, String value, String effective) {
        assertEquals(effective, ModelConfig.fromArguments(with(key, value)).effectiveValues().get(key));
    }

    @ParameterizedTest(name = "{0} = ''{1}'' is rejected")
    @CsvSource({
        "architecture, resnet",
        "architecture, ResNet18",
        "architecture, compact_resnet",
        "architecture, ''",
        "classes, 1",
        "classes, 0",
        "classes, ten",
        "classes, 10.0",
        "width, 0",
        "width, 1.5",
        "image.size, 7",
        "image.size, 1025",
        "image.size, 28.0",
        "image.resize, -1",
        "image.resize, x",
        "image.resize, 27",
        "image.channels, 2",
        "image.channels, 4",
        "image.channels, rgb",
        "image.mean, a",
        "image.mean, '0.5,,0.5'",
        "image.mean, NaN",
        "image.mean, '0.1,0.2'",
        "image.mean, ''",
        "image.std, 0",
        "image.std, -1",
        "image.std, '1,0,1'",
        "image.std, 1e39",
        "image.std, '1,1,1,1'",
    })
    void rejectsInvalidValueNamingKeyAndValue(String key, String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> ModelConfig.fromArguments(with(key, value)));
        assertTrue(e.getMessage().contains(key), e.getMessage());
        assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
        assertEquals(ErrorCategory.BAD_CONFIG, e.category());
        assertEquals(key, e.key());
    }

    @ParameterizedTest
    @ValueSource(strings = {"architecture", "classes", "image.size"})
    void rejectsMissingRequiredKey(String key) {
        Map<String, Object> arguments = minimal();
        arguments.remove(key);
        ConfigException e = assertThrows(ConfigException.class, () -> ModelConfig.fromArguments(arguments));
        assertTrue(e.getMessage().startsWith("Missing value for " + key + "; allowed: "), e.getMessage());
    }

    @Test
    void rejectsResizeBelowSizeNamingBothKeys() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ModelConfig.fromArguments(with("image.resize", "20")));
        assertEquals("Invalid value '20' for image.resize; allowed: 0, or at least image.size = '28'", e.getMessage());
    }

    @Test
    void rejectsMeanOfWrongLengthNamingChannels() {
        Map<String, Object> arguments = with("image.channels", "1");
        arguments.put("image.mean", "0.5,0.5,0.5");
        ConfigException e = assertThrows(ConfigException.class, () -> ModelConfig.fromArguments(arguments));
        assertEquals("Invalid value '0.5,0.5,0.5' for image.mean; allowed: 1 value, or image.channels = '1' values",
                e.getMessage());
    }

    @ParameterizedTest(name = "{0} suggests {1}")
    @CsvSource({
        "image.sise, image.size",
        "image.Size, image.size",
        "image.chanels, image.channels",
        "image.stdev, image.std",
        "Image.mean, image.mean",
    })
    void rejectsUnknownImageKeySuggestingTheClosest(String unknown, String suggestion) {
        ConfigException e = assertThrows(ConfigException.class, () -> ModelConfig.fromArguments(with(unknown, "3")));
        assertTrue(e.getMessage().startsWith("Unknown key " + unknown + " = '3'"), e.getMessage());
        assertTrue(e.getMessage().endsWith("did you mean `" + suggestion + "`?"), e.getMessage());
    }

    @Test
    void singleMeanAndStdRepeatPerChannel() {
        Map<String, Object> arguments = with("image.mean", "0.5");
        arguments.put("image.std", "0.25");
        PreprocessingConfig pre = ModelConfig.fromArguments(arguments).preprocessing();
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, pre.meanPerChannel());
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f}, pre.stdPerChannel());
    }

    @Test
    void describeIsSortedByKey() {
        String[] lines = ModelConfig.fromArguments(minimal()).describe().split(System.lineSeparator());
        assertEquals(List.of("architecture = compact-resnet", "classes = 10", "image.channels = 3", "image.mean = 0",
                "image.resize = 0", "image.size = 28", "image.std = 1", "width = 16"), List.of(lines));
    }
}
