package org.discardsearch.archives.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.discardsearch.archives.data.FashionMnist;

/** The installed Fashion-MNIST, loaded once per test JVM; CI installs the Debian package. */
final class RealData {

    private static FashionMnist data;

    private RealData() {}

    static synchronized FashionMnist get() {
        if (data == null) {
            try {
                data = FashionMnist.load();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return data;
    }
}
