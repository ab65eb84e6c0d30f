package io.mixkit.cli;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.mixkit.text.ClassifierTranslatorFactory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A DJL application in its own JVM (DJL's ONNX Runtime engine must create the process's only ONNX Runtime
 * environment): loads an export folder through {@code Criteria}, reads texts from stdin, prints for each
 * {@code batchPredict}'s probabilities as "label=p label=p", then one line for a single {@code predict}
 * of the first text.
 */
public final class CriteriaServe {

    private CriteriaServe() {}

    public static void main(String[] args) throws Exception {
        List<String> texts = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).lines().toList();
        Criteria<String, Classifications> criteria = Criteria.builder()
                .setTypes(String.class, Classifications.class)
                .optModelPath(Path.of(args[0]))
                .optEngine("OnnxRuntime")
                .optTranslatorFactory(new ClassifierTranslatorFactory())
                .build();
        try (ZooModel<String, Classifications> model = criteria.loadModel();
             Predictor<String, Classifications> predictor = model.newPredictor()) {
            for (Classifications c : predictor.batchPredict(texts)) {
                System.out.println(line(c));
            }
            System.out.println("single " + line(predictor.predict(texts.get(0))));
        }
    }

    private static String line(Classifications c) {
        StringBuilder s = new StringBuilder(c.best().getClassName());
        for (String name : c.getClassNames()) {
            s.append(' ').append(name).append('=').append(c.get(name).getProbability());
        }
        return s.toString();
    }
}
