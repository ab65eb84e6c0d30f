package io.mixkit.train;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rule that keeps the intermittent-NaN bug from coming back: no MixKit class calls DJL's
 * number-argument arithmetic ({@code NDArray.mul(Number)} and its kind), whose scalar's native
 * memory dies right after the op while autograd may still read it; {@link io.mixkit.mix.Scalars} is
 * the one place that does scalar arithmetic, on libtorch-owned scalars. Read from the compiled
 * classes with ASM, so every call site is seen, whatever the source looks like.
 */
class ScalarArithmeticRuleTest {

    /** NDArray methods that take a Number and build a temporary, closed, from_blob scalar. */
    static final Set<String> BANNED = Set.of("add", "sub", "mul", "div", "mod", "pow", "maximum", "minimum",
            "addi", "subi", "muli", "divi", "modi", "powi", "rsub", "rdiv", "rsubi", "rdivi");

    static final Set<String> NDARRAY_TYPES = Set.of("ai/djl/ndarray/NDArray", "ai/djl/pytorch/engine/PtNDArray",
            "ai/djl/ndarray/NDArrayAdapter");

    @Test
    void noNumberArgumentArithmeticOutsideScalars() throws Exception {
        Path classes = classesRoot();
        List<String> violations = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> s = Files.walk(classes)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".class")).toList()) {
                scanned++;
                String cls = classes.relativize(f).toString().replace('\\', '/').replace(".class", "");
                if (cls.equals("io/mixkit/mix/Scalars")) {
                    continue;
                }
                violations.addAll(callsIn(f, cls));
            }
        }
        assertTrue(scanned > 100, "scanned " + scanned + " classes under " + classes);
        assertEquals(List.of(), violations, "use io.mixkit.mix.Scalars instead of number-argument arithmetic");
    }

    @Test
    void theRuleSeesACallWhenThereIsOne() throws Exception {
        // This test class's own helper below makes one banned call: the scanner must report it.
        Path self = Path.of(ScalarArithmeticRuleTest.class.getResource("ScalarArithmeticRuleTest$Offender.class").toURI());
        List<String> found = callsIn(self, "io/mixkit/train/ScalarArithmeticRuleTest$Offender");
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("ScalarArithmeticRuleTest$Offender.halve (line "), found.get(0));
        assertTrue(found.get(0).endsWith("): NDArray.div(Number)"), found.get(0));
    }

    static final class Offender {
        static ai.djl.ndarray.NDArray halve(ai.djl.ndarray.NDArray x) {
            return x.div(2f);
        }
    }

    static List<String> callsIn(Path classFile, String cls) throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(classFile)) {
            new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String method, String desc, String sig, String[] ex) {
                    return new MethodVisitor(Opcodes.ASM9) {
                        int line;

                        @Override
                        public void visitLineNumber(int l, org.objectweb.asm.Label start) {
                            line = l;
                        }

                        @Override
                        public void visitMethodInsn(int op, String owner, String name, String d, boolean itf) {
                            boolean instance = NDARRAY_TYPES.contains(owner) && d.startsWith("(Ljava/lang/Number;)");
                            // NDArrays.mul(NDArray, Number) and its kind end in the same instance methods
                            boolean helper = owner.equals("ai/djl/ndarray/NDArrays") && d.contains("Ljava/lang/Number;");
                            if ((instance || helper) && BANNED.contains(name)) {
                                out.add(cls.substring(cls.lastIndexOf('/') + 1) + "." + method + " (line " + line
                                        + "): NDArray." + name + "(Number)");
                            }
                        }
                    };
                }
            }, 0);
        }
        return out;
    }

    static Path classesRoot() throws URISyntaxException {
        // target/classes: where io.mixkit.mix.Scalars was loaded from
        return Path.of(io.mixkit.mix.Scalars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
