package org.discardsearch.plugin;

import ai.djl.inference.Predictor;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Run in a fresh JVM whose classpath is only what DJL Serving's {@code lib/} holds (DJL and the PyTorch engine),
 * it loads an archive the way the server does: our jars only in {@code deps/}, seen through a class loader
 * set as the context loader, and the archive's {@code serving.properties} handed to {@code Criteria} as
 * arguments ({@code option.*} keys as options), as DJL Serving's {@code ModelInfo} does. That matters: DJL
 * looks a {@code translatorFactory} argument up through the context loader, but a {@code translatorFactory}
 * it only finds in {@code serving.properties} with plain {@code Class.forName}, which cannot see {@code deps/}.
 * For each image it prints, one per line, the answers to: no budget header, the budget header at 1, and the
 * same archive loaded with {@code discardSearch.enabled=false} (vanilla). It uses DJL types only, so nothing
 * of ours comes from this JVM's classpath.
 */
public final class DistProbe {

    private DistProbe() {
    }

    /**
     * Probes an archive.
     *
     * @param args the archive folder, the {@code deps} folder, then image files
     * @throws Exception on any failure, which the calling test reports
     */
    public static void main(String[] args) throws Exception {
        Path archive = Paths.get(args[0]);
        List<URL> deps = new ArrayList<>();
        try (Stream<Path> jars = Files.list(Paths.get(args[1]))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                deps.add(jar.toUri().toURL());
            }
        }
        try {
            Class.forName("org.discardsearch.djl.DiscardSearchTranslatorFactory");
            System.out.println("NOT ISOLATED: the translators are on the server classpath " + System.getProperty(
                    "java.class.path").replace(File.pathSeparator, " "));
        } catch (ClassNotFoundException expected) {
            System.out.println("isolated");
        }
        ClassLoader depsLoader = new URLClassLoader(deps.toArray(URL[]::new), DistProbe.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(depsLoader);
        Criteria<Input, Output> search = asTheServerDoes(archive).build();
        Criteria<Input, Output> vanilla = asTheServerDoes(archive).optArgument("discardSearch.enabled", "false")
                .build();
        try (ZooModel<Input, Output> searchModel = search.loadModel();
                ZooModel<Input, Output> vanillaModel = vanilla.loadModel();
                Predictor<Input, Output> searching = searchModel.newPredictor();
                Predictor<Input, Output> plain = vanillaModel.newPredictor()) {
            for (int i = 2; i < args.length; i++) {
                byte[] image = Files.readAllBytes(Paths.get(args[i]));
                System.out.println(answer(searching, image, null));
                System.out.println(answer(searching, image, "1"));
                System.out.println(answer(plain, image, null));
            }
        }
    }

    private static Criteria.Builder<Input, Output> asTheServerDoes(Path archive) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(archive.resolve("serving.properties"))) {
            properties.load(reader);
        }
        Criteria.Builder<Input, Output> criteria = Criteria.builder().setTypes(Input.class, Output.class)
                .optModelPath(archive);
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("option.")) {
                criteria.optOption(key.substring("option.".length()), properties.getProperty(key));
            } else {
                criteria.optArgument(key, properties.getProperty(key));
            }
        }
        return criteria;
    }

    private static String answer(Predictor<Input, Output> predictor, byte[] image, String budget) throws Exception {
        Input input = new Input();
        input.add("data", image);
        if (budget != null) {
            input.addProperty("X-Discard-Search-Budget", budget);
        }
        return predictor.predict(input).getData().getAsString();
    }
}
