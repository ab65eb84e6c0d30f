import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import java.util.Map;

/**
 * Run with nothing but ONNX Runtime on the class path (Java's source-file mode):
 * {@code java -cp onnxruntime.jar OrtLoad.java model.onnx}. Loads an exported MixKit text classifier,
 * runs two padded rows and prints each output's name and shape, then the first row's probabilities.
 */
public class OrtLoad {
    public static void main(String[] args) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(args[0], new OrtSession.SessionOptions())) {
            long[][] ids = {{101, 7592, 2088, 102}, {101, 7592, 102, 0}};
            long[][] mask = {{1, 1, 1, 1}, {1, 1, 1, 0}};
            long[][] types = new long[2][4];
            try (OnnxTensor a = OnnxTensor.createTensor(env, ids); OnnxTensor b = OnnxTensor.createTensor(env, mask);
                 OnnxTensor c = OnnxTensor.createTensor(env, types);
                 OrtSession.Result r = s.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
                for (var e : r) {
                    float[][] v = (float[][]) e.getValue().getValue();
                    System.out.println(e.getKey() + " [" + v.length + ", " + v[0].length + "]");
                }
                float[][] p = (float[][]) r.get("probabilities").orElseThrow().getValue();
                StringBuilder sb = new StringBuilder("row 0:");
                for (float x : p[0]) {
                    sb.append(' ').append(x);
                }
                System.out.println(sb);
            }
        }
    }
}
