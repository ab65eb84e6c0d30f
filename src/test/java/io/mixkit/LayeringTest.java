package io.mixkit;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Imports only point down: {@code cli -> run -> eval -> text | image -> train -> mix}; text and image
 * never see each other. Every reference to an {@code io.mixkit} package in the main sources (imports and
 * fully qualified names) is checked.
 */
class LayeringTest {

    static final Map<String, Integer> RANK = Map.of("mix", 0, "train", 1, "text", 2, "image", 2, "eval", 3, "run", 4, "spark", 4, "cli", 5);

    @Test
    void importsOnlyPointDown() throws Exception {
        Path root = Path.of("src/main/java/io/mixkit");
        Pattern ref = Pattern.compile("io\\.mixkit\\.([a-z]+)\\.");
        List<String> upward = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path rel = root.relativize(f);
                if (rel.getNameCount() < 2) {
                    continue; // io.mixkit.MixKitRuntime: the engine set-up any layer may call
                }
                String layer = rel.getName(0).toString();
                Matcher m = ref.matcher(Files.readString(f));
                while (m.find()) {
                    String other = m.group(1);
                    if (!RANK.containsKey(other) || other.equals(layer)) {
                        continue;
                    }
                    if (RANK.get(other) >= RANK.get(layer)) {
                        upward.add(rel + " -> " + other);
                    }
                }
            }
        }
        assertEquals(List.of(), upward.stream().distinct().toList());
    }
}
