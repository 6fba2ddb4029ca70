package org.discardsearch.plugin.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.discardsearch.archives.data.FashionMnist;
import org.discardsearch.archives.data.LabelledImages;
import org.discardsearch.archives.data.PngWriter;

/**
 * Fashion-MNIST test images as the PNG bytes a client sends, with their labels.
 *
 * @param pngs the images
 * @param labels the class index of each
 */
public record FashionImages(List<byte[]> pngs, int[] labels) {

    /**
     * Reads the first test images of the Debian package's Fashion-MNIST.
     *
     * @param count how many
     * @return the images
     * @throws IOException if the dataset is missing or unreadable; the message names the package
     */
    public static FashionImages firstTestImages(int count) throws IOException {
        LabelledImages test = FashionMnist.load().test();
        List<byte[]> pngs = new ArrayList<>();
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            pngs.add(PngWriter.write(test, i));
            labels[i] = test.label(i);
        }
        return new FashionImages(List.copyOf(pngs), labels);
    }
}
