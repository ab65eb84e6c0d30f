package io.mixkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's programmatic example, taken from README.md itself (the java block after
 * {@code <!-- example: fine-tune -->}), compiled and run: the README cannot drift from the API.
 */
class ReadmeExampleTest {

    @Test
    void readmeExampleCompilesAndRuns(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("<!-- example: fine-tune -->\\s*```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "README.md lacks the marked java example");
        List<String> imports = new ArrayList<>();
        List<String> body = new ArrayList<>();
        for (String line : m.group(1).split("\n")) {
            (line.startsWith("import ") ? imports : body).add(line);
        }
        assertTrue(imports.size() + body.size() <= 20, "the example must stay within 20 lines");
        String source = String.join("\n", imports) + "\npublic class ReadmeExample {\n"
                + "  public static void main(String[] args) throws Exception {\n" + String.join("\n", body) + "\n  }\n}\n";
        Path src = dir.resolve("ReadmeExample.java");
        Files.writeString(src, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diag = new ByteArrayOutputStream();
        int rc = javac.run(null, diag, diag, "-d", dir.toString(), "-cp", System.getProperty("java.class.path"),
                src.toString());
        assertEquals(0, rc, "the README example does not compile:\n" + diag + "\n" + source);
        PrintStream old = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader cl = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(captured, true));
            Method main = cl.loadClass("ReadmeExample").getMethod("main", String[].class);
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(old);
        }
        String out = captured.toString();
        System.out.println(out);
        Matcher acc = Pattern.compile("test accuracy (0\\.\\d+)").matcher(out);
        assertTrue(acc.find(), "the example prints its test accuracy: " + out);
        assertTrue(Double.parseDouble(acc.group(1)) > 0.6, out);
    }
}
