package io.mixkit;

import io.mixkit.image.strategy.ImageMethods;
import io.mixkit.text.strategy.TextMethods;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's method tables list exactly the registered methods, in registry order. */
class ReadmeMethodTablesTest {

    static List<String> firstColumn(List<String> lines, String heading) {
        int i = lines.indexOf(heading);
        List<String> names = new ArrayList<>();
        for (i = i + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
            String l = lines.get(i);
            if (l.startsWith("| method |")) {
                for (int j = i + 2; j < lines.size() && lines.get(j).startsWith("| `"); j++) {
                    String cell = lines.get(j).split("\\|")[1].strip();
                    names.add(cell.substring(1, cell.length() - 1));
                }
                return names;
            }
        }
        return names;
    }

    @Test
    void tablesMatchTheRegistries() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        List<String> builtIn = TextMethods.REGISTRY.names().stream().filter(n -> !n.equals("label-smoothing")).toList();
        assertEquals(builtIn, firstColumn(lines, "### Methods"));
        assertEquals(ImageMethods.REGISTRY.names(), firstColumn(lines, "## Images: PuzzleMix and its baselines"));
    }
}
