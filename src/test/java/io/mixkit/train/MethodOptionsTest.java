package io.mixkit.train;

import io.mixkit.image.strategy.ImageMethods;
import io.mixkit.image.strategy.PuzzleMix;
import io.mixkit.text.strategy.HiddenStateMixup;
import io.mixkit.text.strategy.MixText;
import io.mixkit.text.strategy.TextMethods;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Binding a method's options: defaults, layers in order, nested keys, and errors that name the key and its origin. */
class MethodOptionsTest {

    private static MethodOptions.Layer layer(String where, String json) throws Exception {
        return new MethodOptions.Layer(where, (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(json));
    }

    @Test
    void defaultsRoundTripAndLaterLayersWin() throws Exception {
        for (MethodSpec<?, ?, ?> s : TextMethods.REGISTRY.all()) {
            assertEquals(MethodOptions.toJson(s.defaults()), MethodOptions.toJson(MethodOptions.bind(s, List.of())), s.name());
        }
        for (MethodSpec<?, ?, ?> s : ImageMethods.REGISTRY.all()) {
            assertEquals(MethodOptions.toJson(s.defaults()), MethodOptions.toJson(MethodOptions.bind(s, List.of())), s.name());
        }
        var o = (HiddenStateMixup.LayerOptions) MethodOptions.bind(HiddenStateMixup.TMIX,
                List.of(layer("preset", "{\"alpha\": 16, \"fold\": false}"), layer("--alpha", "{\"alpha\": 2}")));
        assertEquals(2.0, o.alpha());
        assertEquals(false, o.fold());
        assertEquals(null, o.mixLayers());
        var m = (MixText.Options) MethodOptions.bind(MixText.METHOD, List.of(layer("-O", "{\"mix_layers\": [4, 6], \"tsa\": \"log\"}")));
        assertArrayEquals(new int[] {4, 6}, m.mixLayers());
        assertEquals("log", m.tsa());
        assertEquals(0.5f, m.temperature()); // untouched defaults stay
        var p = (PuzzleMix.Settings) MethodOptions.bind(PuzzleMix.METHOD, List.of(layer("-O", "{\"beta\": 0.8, \"grid_sizes\": [4]}")));
        assertEquals(0.8, p.energy().beta());
        assertArrayEquals(new int[] {4}, p.gridSizes());
    }

    @Test
    void errorsNameTheKeyAndWhereItCameFrom() throws Exception {
        var unknown = assertThrows(IllegalArgumentException.class, () -> MethodOptions.bind(HiddenStateMixup.TMIX,
                List.of(layer("preset p, key \"mix\"", "{\"alhpa\": 2}"))));
        assertEquals("preset p, key \"mix\": 'alhpa' is not an option of tmix (its options: alpha, fold, mix_layers)",
                unknown.getMessage());
        var type = assertThrows(IllegalArgumentException.class, () -> MethodOptions.bind(HiddenStateMixup.TMIX,
                List.of(layer("-O", "{\"mix_layers\": \"seven\"}"))));
        assertTrue(type.getMessage().startsWith("tmix: option mix_layers (from -O) must be a list of integers"), type.getMessage());
        var range = assertThrows(IllegalArgumentException.class, () -> MethodOptions.bind(HiddenStateMixup.TMIX,
                List.of(layer("--alpha", "{\"alpha\": 0}"))));
        assertEquals("tmix: alpha must be positive, got 0.0 (from --alpha)", range.getMessage());
        var fraction = assertThrows(IllegalArgumentException.class, () -> MethodOptions.bind(HiddenStateMixup.TMIX,
                List.of(layer("-O", "{\"alpha\": 0.5, \"fold\": 1}"))));
        assertTrue(fraction.getMessage().contains("fold") && fraction.getMessage().contains("true or false"), fraction.getMessage());
    }

    @Test
    void registryRefusesTwoMethodsOfOneName() {
        assertThrows(IllegalStateException.class, () -> TextMethods.REGISTRY.register(HiddenStateMixup.TMIX));
        var e = assertThrows(IllegalArgumentException.class, () -> ImageMethods.REGISTRY.get("tmix"));
        assertTrue(e.getMessage().startsWith("unknown image method 'tmix'; expected one of vanilla, mixup"), e.getMessage());
    }
}
